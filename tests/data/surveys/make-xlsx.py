# Generates the XLSX raters' sheets of test-survey-project.c: python3 make-xlsx.py (in this folder).
#   sheet-city.xlsx  sheet-city.csv as a workbook: text as shared strings, the phone numbers
#                    and numeric scores as numbers (as Excel stores what is typed), row 3
#                    left empty (so that later rows keep their sheet numbers)
#   sheet-bad.xlsx   the same with one bad cell: E5 “很满意”, no answer of scale sat3
import csv, zipfile

NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
CT = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'''
RELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'''
WB = f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook {NS}><sheets><sheet name="answers" sheetId="1" r:id="rId1"/></sheets></workbook>'''
WBRELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'''


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def make(name, rows):
    strings = []
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}><sheetData>']
    for r, row in rows:
        cells = []
        for c, v in enumerate(row):
            ref = f'{chr(65 + c)}{r}'
            if v == '':
                continue
            if v.isdigit():
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                if v not in strings:
                    strings.append(v)
                cells.append(f'<c r="{ref}" t="s"><v>{strings.index(v)}</v></c>')
        out.append(f'<row r="{r}">' + ''.join(cells) + '</row>')
    out.append('</sheetData></worksheet>')
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {NS} count="{len(strings)}" '
           f'uniqueCount="{len(strings)}">' + ''.join(f'<si><t>{esc(s)}</t></si>' for s in strings) + '</sst>')
    with zipfile.ZipFile(name, 'w', zipfile.ZIP_DEFLATED) as z:
        for part, text in (('[Content_Types].xml', CT), ('_rels/.rels', RELS), ('xl/workbook.xml', WB),
                           ('xl/_rels/workbook.xml.rels', WBRELS), ('xl/sharedStrings.xml', sst),
                           ('xl/worksheets/sheet1.xml', '\n'.join(out))):
            info = zipfile.ZipInfo(part, date_time=(2020, 11, 30, 0, 0, 0))  # reproducible bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)


with open('sheet-city.csv', encoding='utf-8') as f:
    table = [row[:5] for row in csv.reader(f)]
# header on row 1, row 3 empty: the CSV's row k (k ≥ 2) is sheet row k + 1
rows = [(1, table[0])] + [(k + 2 if k >= 2 else k + 1, row) for k, row in enumerate(table[1:], 1)]
make('sheet-city.xlsx', rows)
bad = [(r, list(row)) for r, row in rows]
bad[3][1][4] = '很满意'  # sheet row 5 (the CSV's 13800000003 … 基本满意), column E
assert bad[3][0] == 5
make('sheet-bad.xlsx', bad)
