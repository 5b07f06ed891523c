<SUBMISSION>
<ACCESSION-NUMBER>0009000404-21-000010
<TYPE>8-K/A
<PUBLIC-DOCUMENT-COUNT>2
<PERIOD>20210301
<ITEMS>7.01
<ITEMS>9.01
<FILING-DATE>20210312
<DATE-OF-FILING-DATE-CHANGE>20210312
<FILER>
<COMPANY-DATA>
<CONFORMED-NAME>ORVIETO RIDGE MINING LTD
<CIK>0009000404
<ASSIGNED-SIC>1040
<ORGANIZATION-NAME>01 Energy & Transportation
<IRS-NUMBER>000000000
<STATE-OF-INCORPORATION>E9
<FISCAL-YEAR-END>0630
</COMPANY-DATA>
<FILING-VALUES>
<FORM-TYPE>8-K/A
<ACT>34
<FILE-NUMBER>001-40215
<FILM-NUMBER>21735584
</FILING-VALUES>
<BUSINESS-ADDRESS>
<STREET1>94 SOLARIS AVENUE, CAMANA BAY
<STREET2>PO BOX 1350
<CITY>GRAND CAYMAN
<STATE>E9
<ZIP>KY1-1108
<PHONE>+1 345 555 0123
</BUSINESS-ADDRESS>
<MAIL-ADDRESS>
<STREET1>94 SOLARIS AVENUE, CAMANA BAY
<STREET2>PO BOX 1350
<CITY>GRAND CAYMAN
<STATE>E9
<ZIP>KY1-1108
</MAIL-ADDRESS>
</FILER>
<DOCUMENT>
<TYPE>8-K/A
<SEQUENCE>1
<FILENAME>orm-8ka_20210301.htm
<DESCRIPTION>AMENDMENT NO. 1 TO FORM 8-K
<TEXT>
<html>
<head><title>Orvieto Ridge Mining Ltd. - Form 8-K/A</title></head>
<body>
<p style="text-align:center"><b>FORM 8-K/A</b><br>(Amendment No. 1)<br>CURRENT REPORT<br>Pursuant to Section 13 or 15(d) of the Securities Exchange Act of 1934</p>
<p style="text-align:center">Date of Report (Date of earliest event reported): March 1, 2021</p>
<p style="text-align:center"><b>ORVIETO RIDGE MINING LTD.</b><br>(Exact name of registrant as specified in its charter)</p>
<table style="width:100%">
<tr><td>Cayman Islands</td><td>001-40215</td><td>Not applicable</td></tr>
<tr><td>(State or other jurisdiction of incorporation)</td><td>(Commission File Number)</td><td>(IRS Employer Identification No.)</td></tr>
</table>
<p style="text-align:center">94 Solaris Avenue, Camana Bay, Grand Cayman KY1-1108, Cayman Islands<br>(Address of principal executive offices)</p>
<p style="text-align:center">+1 (345) 555-0123<br>(Registrant&#8217;s telephone number, including area code)</p>
<p><b>Explanatory Note</b></p>
<p>This Amendment No. 1 amends the Current Report on Form 8-K furnished on March 1, 2021 solely to furnish the investor presentation that was omitted from the original report as Exhibit 99.1.</p>
<p><b>Item 7.01 Regulation FD Disclosure.</b></p>
<p>On March 1, 2021, Orvieto Ridge Mining Ltd. (the &#8220;Company&#8221;) presented updated resource estimates for its Cerro Lucero gold project at an industry conference. The presentation is furnished as Exhibit 99.1.</p>
<p><b>Item 9.01 Financial Statements and Exhibits.</b></p>
<p>(d) Exhibits</p>
<p>99.1 Investor presentation dated March 1, 2021</p>
<p style="text-align:center"><b>SIGNATURE</b></p>
<p>ORVIETO RIDGE MINING LTD.<br>Date: March 12, 2021<br>By: /s/ Caetano Ferreira-Lindgren<br>Caetano Ferreira-Lindgren<br>Chief Executive Officer</p>
</body>
</html>
</TEXT>
</DOCUMENT>
<DOCUMENT>
<TYPE>EX-99.01
<SEQUENCE>2
<FILENAME>orm-ex9901.txt
<DESCRIPTION>INVESTOR PRESENTATION
<TEXT>
ORVIETO RIDGE MINING LTD.
Investor Presentation - March 1, 2021

Cerro Lucero gold project
  Indicated resource:  1.84 million ounces at 1.21 g/t Au
  Inferred resource:   0.62 million ounces at 0.97 g/t Au
  Pre-feasibility study expected in the second half of calendar 2021

This presentation contains forward-looking statements. Actual results may
differ materially.
</TEXT>
</DOCUMENT>
</SUBMISSION>
