<SUBMISSION>
<ACCESSION-NUMBER>0009000101-21-000007
<TYPE>8-K
<PUBLIC-DOCUMENT-COUNT>3
<PERIOD>20210315
<ITEMS>2.02
<ITEMS>9.01
<FILING-DATE>20210315
<DATE-OF-FILING-DATE-CHANGE>20210315
<FILER>
<COMPANY-DATA>
<CONFORMED-NAME>QUILLFEATHER ANALYTICS INC
<CIK>0009000101
<ASSIGNED-SIC>7372
<ORGANIZATION-NAME>06 Technology
<IRS-NUMBER>843927716
<STATE-OF-INCORPORATION>DE
<FISCAL-YEAR-END>1231
</COMPANY-DATA>
<FILING-VALUES>
<FORM-TYPE>8-K
<ACT>34
<FILE-NUMBER>001-39877
<FILM-NUMBER>21741377
</FILING-VALUES>
<BUSINESS-ADDRESS>
<STREET1>4100 LARKSPUR COMMONS BLVD
<STREET2>SUITE 900
<CITY>AUSTIN
<STATE>TX
<ZIP>78731
<PHONE>(512) 555-0142
</BUSINESS-ADDRESS>
<MAIL-ADDRESS>
<STREET1>4100 LARKSPUR COMMONS BLVD
<STREET2>SUITE 900
<CITY>AUSTIN
<STATE>TX
<ZIP>78731
</MAIL-ADDRESS>
<FORMER-COMPANY>
<FORMER-CONFORMED-NAME>QUILLFEATHER DATA SYSTEMS INC
<DATE-CHANGED>20050614
</FORMER-COMPANY>
</FILER>
<DOCUMENT>
<TYPE>8-K
<SEQUENCE>1
<FILENAME>qfta-20210315.htm
<DESCRIPTION>FORM 8-K
<TEXT>
<html>
<head>
<title>qfta-20210315</title>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
</head>
<body style="font-family:'Times New Roman';font-size:10pt">
<div style="text-align:center"><b>UNITED STATES<br>SECURITIES AND EXCHANGE COMMISSION</b><br>Washington, D.C. 20549</div>
<div style="text-align:center;margin-top:12pt"><b>FORM 8-K</b></div>
<div style="text-align:center;margin-top:12pt"><b>CURRENT REPORT</b><br>Pursuant to Section 13 or 15(d) of the Securities Exchange Act of 1934</div>
<div style="text-align:center;margin-top:12pt">Date of Report (Date of earliest event reported): March&#160;15, 2021</div>
<div style="text-align:center;margin-top:12pt"><img src="qfa-logo.gif" alt="Quillfeather Analytics logo"></div>
<div style="text-align:center;margin-top:12pt"><b>QUILLFEATHER ANALYTICS, INC.</b><br>(Exact name of registrant as specified in its charter)</div>
<table style="width:100%;margin-top:12pt">
<tr><td style="text-align:center"><b>Delaware</b></td><td style="text-align:center"><b>001-39877</b></td><td style="text-align:center"><b>84-3927716</b></td></tr>
<tr><td style="text-align:center">(State or other jurisdiction of incorporation)</td><td style="text-align:center">(Commission File Number)</td><td style="text-align:center">(IRS Employer Identification No.)</td></tr>
</table>
<div style="text-align:center;margin-top:12pt"><b>4100 Larkspur Commons Blvd., Suite 900, Austin, Texas 78731</b><br>(Address of principal executive offices) (Zip Code)</div>
<div style="text-align:center;margin-top:12pt">Registrant&#8217;s telephone number, including area code: <b>(512) 555-0142</b></div>
<div style="text-align:center;margin-top:12pt">Quillfeather Data Systems, Inc.<br>(Former name or former address, if changed since last report)</div>
<p>Check the appropriate box below if the Form 8-K filing is intended to simultaneously satisfy the filing obligation of the registrant under any of the following provisions:</p>
<p>&#9744; Written communications pursuant to Rule 425 under the Securities Act (17 CFR 230.425)<br>
&#9744; Soliciting material pursuant to Rule 14a-12 under the Exchange Act (17 CFR 240.14a-12)<br>
&#9744; Pre-commencement communications pursuant to Rule 14d-2(b) under the Exchange Act (17 CFR 240.14d-2(b))<br>
&#9744; Pre-commencement communications pursuant to Rule 13e-4(c) under the Exchange Act (17 CFR 240.13e-4(c))</p>
<p>Securities registered pursuant to Section 12(b) of the Act:</p>
<table style="width:100%">
<tr><td><b>Title of each class</b></td><td><b>Trading Symbol(s)</b></td><td><b>Name of each exchange on which registered</b></td></tr>
<tr><td>Common Stock, par value $0.001 per share</td><td>QFTA</td><td>The Nasdaq Stock Market LLC</td></tr>
</table>
<p>Indicate by check mark whether the registrant is an emerging growth company as defined in Rule 405 of the Securities Act of 1933 or Rule 12b-2 of the Securities Exchange Act of 1934. Emerging growth company &#9744;</p>
<hr>
<p style="margin-top:12pt"><b>Item 2.02. Results of Operations and Financial Condition.</b></p>
<p>On March&#160;15, 2021, Quillfeather Analytics, Inc. (the &#8220;Company&#8221;) issued a press release announcing its financial results for the fourth quarter and fiscal year ended December&#160;31, 2020. A copy of the press release is furnished as Exhibit&#160;99.1 to this Current Report on Form 8-K.</p>
<p>The information in this Item&#160;2.02, including Exhibit&#160;99.1, is furnished and shall not be deemed &#8220;filed&#8221; for purposes of Section&#160;18 of the Securities Exchange Act of 1934, nor shall it be deemed incorporated by reference in any filing under the Securities Act of 1933, except as expressly set forth by specific reference in such a filing.</p>
<p style="margin-top:12pt"><b>Item 9.01. Financial Statements and Exhibits.</b></p>
<p>(d) Exhibits.</p>
<table style="width:100%">
<tr><td><b>Exhibit No.</b></td><td><b>Description</b></td></tr>
<tr><td>99.1</td><td>Press release of Quillfeather Analytics, Inc. dated March&#160;15, 2021</td></tr>
<tr><td>104</td><td>Cover Page Interactive Data File (embedded within the Inline XBRL document)</td></tr>
</table>
<p style="margin-top:12pt;text-align:center"><b>SIGNATURES</b></p>
<p>Pursuant to the requirements of the Securities Exchange Act of 1934, the registrant has duly caused this report to be signed on its behalf by the undersigned hereunto duly authorized.</p>
<table style="width:100%">
<tr><td></td><td>QUILLFEATHER ANALYTICS, INC.</td></tr>
<tr><td>Date: March&#160;15, 2021</td><td>By: /s/ Ines Vantongeren</td></tr>
<tr><td></td><td>Ines Vantongeren</td></tr>
<tr><td></td><td>Chief Financial Officer</td></tr>
</table>
</body>
</html>
</TEXT>
</DOCUMENT>
<DOCUMENT>
<TYPE>EX-99.1
<SEQUENCE>2
<FILENAME>qfta-ex991_20210315.htm
<DESCRIPTION>EX-99.1
<TEXT>
<html>
<head>
<title>Exhibit 99.1</title>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
</head>
<body style="font-family:'Times New Roman';font-size:10pt">
<p style="text-align:right"><b>Exhibit 99.1</b></p>
<p style="text-align:center"><img src="qfa-logo.gif" alt="Quillfeather Analytics logo"></p>
<p style="text-align:center"><b>Quillfeather Analytics Reports Fourth Quarter and Full Year 2020 Results</b></p>
<p style="text-align:center"><i>Annual recurring revenue up 31% year over year; first full year as Quillfeather Analytics</i></p>
<p>AUSTIN, Texas &#8211; March&#160;15, 2021 &#8211; Quillfeather Analytics, Inc. (Nasdaq: QFTA), a provider of supply-chain forecasting software, today announced financial results for the fourth quarter and full year ended December&#160;31, 2020.</p>
<p>&#8220;Our customers leaned on forecasting harder than ever this year,&#8221; said Tobias Grunewald-Achebe, Chief Executive Officer. &#8220;We closed the year with 412 enterprise customers and a healthy pipeline for 2021.&#8221;</p>
<p><b>Fourth Quarter 2020 Highlights</b></p>
<ul>
<li>Total revenue of $48.6 million, an increase of 27% compared with the fourth quarter of 2019.</li>
<li>Subscription revenue of $41.2 million, an increase of 33%.</li>
<li>GAAP net loss of $3.1 million, or $(0.07) per share, compared with a net loss of $5.4 million, or $(0.13) per share.</li>
</ul>
<table style="width:80%;border-collapse:collapse">
<tr><td><b>(in thousands, except per-share data)</b></td><td style="text-align:right"><b>Q4 2020</b></td><td style="text-align:right"><b>Q4 2019</b></td></tr>
<tr><td>Revenue</td><td style="text-align:right">48,612</td><td style="text-align:right">38,277</td></tr>
<tr><td>Gross profit</td><td style="text-align:right">35,004</td><td style="text-align:right">26,415</td></tr>
<tr><td>Net loss</td><td style="text-align:right">(3,118)</td><td style="text-align:right">(5,402)</td></tr>
<tr><td>Net loss per share &#8211; basic and diluted</td><td style="text-align:right">(0.07)</td><td style="text-align:right">(0.13)</td></tr>
</table>
<p><b>Conference Call</b></p>
<p>The Company will host a conference call today at 5:00 p.m. Eastern Time. A replay will be available on the investor relations page of the Company&#8217;s website.</p>
<p><b>About Quillfeather Analytics</b></p>
<p>Quillfeather Analytics, Inc., formerly Quillfeather Data Systems, Inc., builds demand-forecasting software used by manufacturers and distributors. The Company is headquartered in Austin, Texas.</p>
<p>Investor contact: investors@quillfeather.example &#8211; (512) 555-0199</p>
</body>
</html>
</TEXT>
</DOCUMENT>
<DOCUMENT>
<TYPE>GRAPHIC
<SEQUENCE>3
<FILENAME>qfa-logo.gif
<DESCRIPTION>GRAPHIC
<TEXT>
begin 644 qfa-logo.gif
M1TE&.#EA!  " (   !].C_3QZ"'^%%%&02!M87)K+"!S>6YT:&5T:6,N "P`
1    !  "   "!42(,&!0 #L`
`
end
</TEXT>
</DOCUMENT>
</SUBMISSION>
