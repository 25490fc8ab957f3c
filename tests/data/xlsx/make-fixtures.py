# Generates the XLSX fixtures of test-xlsx.c: python3 make-fixtures.py (in this folder).
import zipfile, sys
NS='xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
CT='''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'''
RELS='''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'''
WB=f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook {NS}><sheets><sheet name="data" sheetId="1" r:id="rId1"/><sheet name="其他" sheetId="2" r:id="rId2"/></sheets></workbook>'''
WBRELS='''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'''
SST='''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="8" uniqueCount="8"><si><t>unit</t></si><si><t>name</t></si><si><t>nanjing</t></si><si><t>南京市</t></si><si><t>suzhou</t></si><si><r><t>苏</t></r><r><rPr><b/></rPr><t>州市</t></r><rPh sb="0" eb="1"><t>SU</t></rPh></si><si><t>nantong</t></si><si><t xml:space="preserve">南通市</t></si></sst>'''
SHEET1=f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet {NS}><dimension ref="A1:D5"/><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>gdp</t></is></c><c r="D1" t="inlineStr"><is><t>pm25</t></is></c></row>
<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c><c r="C2"><v>14817.95</v></c><c r="D2"><v>31</v></c></row>
<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="s"><v>5</v></c><c r="C3"><v>20170.5</v></c><c r="D3" s="1"/></row>
<row r="5"><c r="A5" t="s"><v>6</v></c><c r="C5"><f>10000+36.3</f><v>10036.3</v></c><c r="D5" t="str"><f>"abc"</f><v>n/a</v></c></row>
</sheetData></worksheet>'''
SHEET2=f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet {NS}><sheetData><row r="2"><c r="B2" t="b"><v>1</v></c></row></sheetData></worksheet>'''
def make(name, sheet1=SHEET1, extra=None, sst=SST):
    with zipfile.ZipFile(name, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT)
        z.writestr('_rels/.rels', RELS)
        z.writestr('xl/workbook.xml', WB)
        z.writestr('xl/_rels/workbook.xml.rels', WBRELS)
        if sst is not None: z.writestr('xl/sharedStrings.xml', sst)
        z.writestr('xl/worksheets/sheet1.xml', sheet1)
        z.writestr('xl/worksheets/sheet2.xml', SHEET2)
        for k, v in (extra or {}).items(): z.writestr(k, v)
make('cities.xlsx')
make('odd-path.xlsx', extra={'../../evil.txt': 'x'})
make('broken-sheet.xlsx', sheet1=f'<?xml version="1.0"?>\n<worksheet {NS}>\n<sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData></worksheet>')
make('doctype.xlsx', sheet1='<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>')
make('bad-shared.xlsx', sheet1=f'<?xml version="1.0"?>\n<worksheet {NS}><sheetData>\n<row r="1"><c r="A1" t="s"><v>99</v></c></row></sheetData></worksheet>')
make('bomb.xlsx', sheet1=f'<?xml version="1.0"?><worksheet {NS}>' + ' ' * (70 * 1024 * 1024) + '</worksheet>')
def inline_sheet(rows):
    out = [f'<?xml version="1.0"?>\n<worksheet {NS}><sheetData>']
    for r, row in enumerate(rows, 1):
        out.append(f'<row r="{r}">' + ''.join(
            f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in enumerate(row) if v) + '</row>')
    out.append('</sheetData></worksheet>')
    return '\n'.join(out)
make('units.xlsx', sheet1=inline_sheet([
    ['id', 'name_zh', 'name_en', 'category', 'group', 'from_year', 'until_year', 'successor'],
    ['nanjing', '南京市', 'Nanjing', 'city', 'cities'],
    ['suzhou', '苏州市', 'Suzhou', 'city', 'cities'],
    ['nantong', '南通市', 'Nantong', 'city', 'cities'],
    ['gangzha', '港闸区', 'Gangzha', 'county', '', '', '2019', 'chongchuan'],
    ['chongchuan', '崇川区', 'Chongchuan', 'county']]), sst=None)
open('not-zip.xlsx','w').write('unit,gdp\nnanjing,1\n')
