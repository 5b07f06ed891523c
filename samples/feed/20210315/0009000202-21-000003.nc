<SUBMISSION>
<ACCESSION-NUMBER>0009000202-21-000003
<TYPE>8-K
<PUBLIC-DOCUMENT-COUNT>2
<PERIOD>20210310
<ITEMS>5.02
<ITEMS>9.01
<FILING-DATE>20210315
<DATE-OF-FILING-DATE-CHANGE>20210315
<FILER>
<COMPANY-DATA>
<CONFORMED-NAME>BRAMBLECOTE FOODS CORP
<CIK>0009000202
<ASSIGNED-SIC>2030
<ORGANIZATION-NAME>04 Manufacturing
<IRS-NUMBER>411987654
<STATE-OF-INCORPORATION>MN
<FISCAL-YEAR-END>1231
</COMPANY-DATA>
<FILING-VALUES>
<FORM-TYPE>8-K
<ACT>34
<FILE-NUMBER>000-29871
<FILM-NUMBER>21742093
</FILING-VALUES>
<BUSINESS-ADDRESS>
<STREET1>800 NICOLLET FERRY AVENUE
<STREET2>SUITE 2100
<CITY>MINNEAPOLIS
<STATE>MN
<ZIP>55402
<PHONE>612-555-0148
</BUSINESS-ADDRESS>
<MAIL-ADDRESS>
<STREET1>800 NICOLLET FERRY AVENUE
<STREET2>SUITE 2100
<CITY>MINNEAPOLIS
<STATE>MN
<ZIP>55402
</MAIL-ADDRESS>
<FORMER-COMPANY>
<FORMER-CONFORMED-NAME>BRAMBLECOTE CANNING CO
<DATE-CHANGED>19990301
</FORMER-COMPANY>
</FILER>
<DOCUMENT>
<TYPE>8-K
<SEQUENCE>1
<FILENAME>bfc-8k_20210310.htm
<DESCRIPTION>FORM 8-K
<TEXT>
<html>
<head><title>Bramblecote Foods Corp. - Form 8-K</title></head>
<body>
<p style="text-align:center"><b>UNITED STATES SECURITIES AND EXCHANGE COMMISSION</b><br>Washington, D.C. 20549</p>
<p style="text-align:center"><b>FORM 8-K</b><br>CURRENT REPORT<br>Pursuant to Section 13 or 15(d) of the Securities Exchange Act of 1934</p>
<p style="text-align:center">Date of Report (Date of earliest event reported): March 10, 2021</p>
<p style="text-align:center"><b>BRAMBLECOTE FOODS CORP.</b><br>(Exact name of registrant as specified in its charter)</p>
<table style="width:100%">
<tr><td>Minnesota</td><td>000-29871</td><td>41-1987654</td></tr>
<tr><td>(State or other jurisdiction of incorporation)</td><td>(Commission File Number)</td><td>(IRS Employer Identification No.)</td></tr>
</table>
<p style="text-align:center">800 Nicollet Ferry Avenue, Suite 2100, Minneapolis, Minnesota 55402<br>(Address of principal executive offices)</p>
<p style="text-align:center">(612) 555-0148<br>(Registrant&#8217;s telephone number, including area code)</p>
<p><b>Item 5.02 Departure of Directors or Certain Officers; Election of Directors; Appointment of Certain Officers; Compensatory Arrangements of Certain Officers.</b></p>
<p>On March 10, 2021, the Board of Directors of Bramblecote Foods Corp. (the &#8220;Company&#8221;) appointed Priyanka Solvang-Mbeki as Chief Financial Officer, effective April 1, 2021. She succeeds Rosalind T. Okafor-Lindqvist, who resigned as Chief Financial Officer effective March 31, 2021 and will retire after fifteen years with the Company. The terms of Ms. Solvang-Mbeki&#8217;s employment are set out in the offer letter filed as Exhibit 10.1.</p>
<p><b>Item 9.01 Financial Statements and Exhibits.</b></p>
<p>(d) Exhibits</p>
<p>10.1 Offer letter between Bramblecote Foods Corp. and Priyanka Solvang-Mbeki dated March 8, 2021</p>
<p style="text-align:center"><b>SIGNATURE</b></p>
<p>Pursuant to the requirements of the Securities Exchange Act of 1934, the registrant has duly caused this report to be signed on its behalf by the undersigned hereunto duly authorized.</p>
<p>BRAMBLECOTE FOODS CORP.<br>Date: March 15, 2021<br>By: /s/ Gunnar E. Halloway-Sato<br>Gunnar E. Halloway-Sato<br>President and Chief Executive Officer</p>
</body>
</html>
</TEXT>
</DOCUMENT>
<DOCUMENT>
<TYPE>EX-10.1
<SEQUENCE>2
<FILENAME>bfc-ex101.htm
<DESCRIPTION>OFFER LETTER
<TEXT>
<html>
<body>
<p style="text-align:right"><b>Exhibit 10.1</b></p>
<p>March 8, 2021</p>
<p>Dear Priyanka:</p>
<p>On behalf of Bramblecote Foods Corp., I am pleased to offer you the position of Chief Financial Officer beginning April 1, 2021, at an annual base salary of $385,000, with a target annual bonus of 60% of base salary.</p>
<p>Sincerely,<br>/s/ Gunnar E. Halloway-Sato<br>President and Chief Executive Officer</p>
<p>Accepted: /s/ Priyanka Solvang-Mbeki</p>
</body>
</html>
</TEXT>
</DOCUMENT>
</SUBMISSION>
