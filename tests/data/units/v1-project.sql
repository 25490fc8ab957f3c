-- A project written by Kaohe's project format 1 (before units were kept per year),
-- made with kaohe-cli of that version: units.csv, the 2019 frameworks and data of both
-- categories, the 2020 university framework and data, 2019 computed and sealed, then
-- units.csv again with 苏州科技大学 (u3) moved to the research group, which format 1
-- accepted after the seal. sqlite3 .dump, plus the two pragmas the dump leaves out.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE categories (
  id TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT
);
INSERT INTO categories VALUES('city','city',NULL);
INSERT INTO categories VALUES('county','county',NULL);
INSERT INTO categories VALUES('university','university',NULL);
CREATE TABLE peer_groups (
  id TEXT PRIMARY KEY,
  category_id TEXT NOT NULL REFERENCES categories (id),
  name_zh TEXT NOT NULL,
  name_en TEXT
);
INSERT INTO peer_groups VALUES('counties','county','县（市、区）',NULL);
INSERT INTO peer_groups VALUES('research','university','研究型大学',NULL);
INSERT INTO peer_groups VALUES('other','university','其他本科院校',NULL);
CREATE TABLE units (
  id TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_zh_tw TEXT,
  name_en TEXT,
  category_id TEXT NOT NULL REFERENCES categories (id),
  group_id TEXT REFERENCES peer_groups (id),
  from_year INTEGER,
  until_year INTEGER,
  successor_id TEXT REFERENCES units (id),
  CHECK (from_year IS NULL OR until_year IS NULL OR from_year <= until_year)
);
INSERT INTO units VALUES('city1','南通市','南通市','Nantong','city',NULL,NULL,NULL,NULL);
INSERT INTO units VALUES('k1','崇川区','崇川區','Chongchuan','county','counties',NULL,NULL,NULL);
INSERT INTO units VALUES('k2','港闸区','港閘區','Gangzha','county','counties',NULL,2019,'k1');
INSERT INTO units VALUES('k3','海门市','海門市','Haimen City','county','counties',NULL,2019,'k4');
INSERT INTO units VALUES('k4','海门区','海門區','Haimen District','county','counties',2020,NULL,NULL);
INSERT INTO units VALUES('k5','通州区','通州區','Tongzhou','county','counties',NULL,NULL,NULL);
INSERT INTO units VALUES('k6','如皋市','如皋市','Rugao','county','counties',NULL,NULL,NULL);
INSERT INTO units VALUES('u1','苏州大学','蘇州大學','Soochow University','university','research',NULL,NULL,NULL);
INSERT INTO units VALUES('u2','南京师范大学','南京師範大學','Nanjing Normal University','university','research',NULL,NULL,NULL);
INSERT INTO units VALUES('u3','苏州科技大学','蘇州科技大學','Suzhou University of Science and Technology','university','research',NULL,NULL,NULL);
INSERT INTO units VALUES('u4','常熟理工学院','常熟理工學院','Changshu Institute of Technology','university','other',NULL,NULL,NULL);
INSERT INTO units VALUES('u5','淮阴工学院','淮陰工學院','Huaiyin Institute of Technology','university','other',NULL,NULL,NULL);
CREATE TABLE years (
  year INTEGER PRIMARY KEY,
  sealed INTEGER NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1))
);
INSERT INTO years VALUES(2019,1);
INSERT INTO years VALUES(2020,0);
CREATE TABLE frameworks (
  year INTEGER NOT NULL REFERENCES years (year),
  category_id TEXT NOT NULL REFERENCES categories (id),
  xml TEXT NOT NULL,
  PRIMARY KEY (year, category_id)
);
INSERT INTO frameworks VALUES(2019,'county',replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="units-county-2019" year="2019" category="county">\n  <title lang="zh-CN">县（市、区）测试指标体系</title>\n  <groups>\n    <group id="counties">\n      <name lang="zh-CN">县（市、区）</name>\n      <tiers mode="count" values="2 2"/>\n      <award id="advance" min-advance="1" most="true">\n        <name lang="zh-CN">争先进位奖</name>\n      </award>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="a" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)));
INSERT INTO frameworks VALUES(2019,'university',replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="units-university-2019" year="2019" category="university">\n  <title lang="zh-CN">高校测试指标体系</title>\n  <groups>\n    <group id="research">\n      <name lang="zh-CN">研究型大学</name>\n      <tiers mode="count" values="1 1"/>\n    </group>\n    <group id="other">\n      <name lang="zh-CN">其他本科院校</name>\n      <tiers mode="count" values="1 1"/>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="b" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)));
INSERT INTO frameworks VALUES(2020,'university',replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="units-university-2020" year="2020" category="university">\n  <title lang="zh-CN">高校测试指标体系</title>\n  <groups>\n    <group id="research">\n      <name lang="zh-CN">研究型大学</name>\n      <tiers mode="count" values="1 1"/>\n    </group>\n    <group id="other">\n      <name lang="zh-CN">其他本科院校</name>\n      <tiers mode="count" values="1 1"/>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="b" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)));
CREATE TABLE data_values (
  year INTEGER NOT NULL REFERENCES years (year),
  unit_id TEXT NOT NULL REFERENCES units (id),
  field TEXT NOT NULL,
  value DOUBLE PRECISION,
  source_file TEXT,
  source_row INTEGER,
  source_column INTEGER,
  edited_by TEXT NOT NULL,
  edited_at TEXT NOT NULL,
  PRIMARY KEY (year, unit_id, field)
);
INSERT INTO data_values VALUES(2019,'k1','a',60.0,'county-2019.csv',2,2,'tester','2021-01-01T00:00:00Z');
INSERT INTO data_values VALUES(2019,'k2','a',80.0,'county-2019.csv',3,2,'tester','2021-01-01T00:00:00Z');
INSERT INTO data_values VALUES(2019,'k3','a',50.0,'county-2019.csv',4,2,'tester','2021-01-01T00:00:00Z');
INSERT INTO data_values VALUES(2019,'k5','a',70.0,'county-2019.csv',5,2,'tester','2021-01-01T00:00:00Z');
INSERT INTO data_values VALUES(2019,'k6','a',40.0,'county-2019.csv',6,2,'tester','2021-01-01T00:00:00Z');
INSERT INTO data_values VALUES(2019,'u1','b',90.0,'university-2019.csv',2,2,'tester','2021-01-01T00:00:00Z');
INSERT INTO data_values VALUES(2019,'u2','b',80.0,'university-2019.csv',3,2,'tester','2021-01-01T00:00:00Z');
INSERT INTO data_values VALUES(2019,'u3','b',85.0,'university-2019.csv',4,2,'tester','2021-01-01T00:00:00Z');
INSERT INTO data_values VALUES(2019,'u4','b',70.0,'university-2019.csv',5,2,'tester','2021-01-01T00:00:00Z');
INSERT INTO data_values VALUES(2019,'u5','b',60.0,'university-2019.csv',6,2,'tester','2021-01-01T00:00:00Z');
INSERT INTO data_values VALUES(2020,'u1','b',88.0,'university-2020.csv',2,2,'tester','2021-01-01T00:00:00Z');
INSERT INTO data_values VALUES(2020,'u2','b',82.0,'university-2020.csv',3,2,'tester','2021-01-01T00:00:00Z');
INSERT INTO data_values VALUES(2020,'u3','b',86.0,'university-2020.csv',4,2,'tester','2021-01-01T00:00:00Z');
INSERT INTO data_values VALUES(2020,'u4','b',75.0,'university-2020.csv',5,2,'tester','2021-01-01T00:00:00Z');
INSERT INTO data_values VALUES(2020,'u5','b',65.0,'university-2020.csv',6,2,'tester','2021-01-01T00:00:00Z');
CREATE TABLE results (
  year INTEGER NOT NULL REFERENCES years (year),
  unit_id TEXT NOT NULL REFERENCES units (id),
  group_id TEXT,
  total DOUBLE PRECISION,
  rank INTEGER NOT NULL DEFAULT 0,
  tier INTEGER NOT NULL DEFAULT 0,
  prev_rank INTEGER NOT NULL DEFAULT 0,
  rank_change INTEGER NOT NULL DEFAULT 0,
  awards TEXT NOT NULL DEFAULT '',
  computed_at TEXT NOT NULL,
  PRIMARY KEY (year, unit_id)
);
INSERT INTO results VALUES(2019,'k1','counties',60.0,3,2,0,0,'','2021-01-01T00:00:00Z');
INSERT INTO results VALUES(2019,'k2','counties',80.0,1,1,0,0,'','2021-01-01T00:00:00Z');
INSERT INTO results VALUES(2019,'k3','counties',50.0,4,2,0,0,'','2021-01-01T00:00:00Z');
INSERT INTO results VALUES(2019,'k5','counties',70.0,2,1,0,0,'','2021-01-01T00:00:00Z');
INSERT INTO results VALUES(2019,'k6','counties',40.0,5,3,0,0,'','2021-01-01T00:00:00Z');
INSERT INTO results VALUES(2019,'u1','research',90.0,1,1,0,0,'','2021-01-01T00:00:00Z');
INSERT INTO results VALUES(2019,'u2','research',80.0,2,2,0,0,'','2021-01-01T00:00:00Z');
INSERT INTO results VALUES(2019,'u3','other',85.0,1,1,0,0,'','2021-01-01T00:00:00Z');
INSERT INTO results VALUES(2019,'u4','other',70.0,2,2,0,0,'','2021-01-01T00:00:00Z');
INSERT INTO results VALUES(2019,'u5','other',60.0,3,3,0,0,'','2021-01-01T00:00:00Z');
CREATE TABLE result_scores (
  year INTEGER NOT NULL,
  unit_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  score DOUBLE PRECISION,
  PRIMARY KEY (year, unit_id, node_id),
  FOREIGN KEY (year, unit_id) REFERENCES results (year, unit_id) ON DELETE CASCADE
);
INSERT INTO result_scores VALUES(2019,'k1','total',60.0);
INSERT INTO result_scores VALUES(2019,'k1','a',60.0);
INSERT INTO result_scores VALUES(2019,'k2','total',80.0);
INSERT INTO result_scores VALUES(2019,'k2','a',80.0);
INSERT INTO result_scores VALUES(2019,'k3','total',50.0);
INSERT INTO result_scores VALUES(2019,'k3','a',50.0);
INSERT INTO result_scores VALUES(2019,'k5','total',70.0);
INSERT INTO result_scores VALUES(2019,'k5','a',70.0);
INSERT INTO result_scores VALUES(2019,'k6','total',40.0);
INSERT INTO result_scores VALUES(2019,'k6','a',40.0);
INSERT INTO result_scores VALUES(2019,'u1','total',90.0);
INSERT INTO result_scores VALUES(2019,'u1','b',90.0);
INSERT INTO result_scores VALUES(2019,'u2','total',80.0);
INSERT INTO result_scores VALUES(2019,'u2','b',80.0);
INSERT INTO result_scores VALUES(2019,'u3','total',85.0);
INSERT INTO result_scores VALUES(2019,'u3','b',85.0);
INSERT INTO result_scores VALUES(2019,'u4','total',70.0);
INSERT INTO result_scores VALUES(2019,'u4','b',70.0);
INSERT INTO result_scores VALUES(2019,'u5','total',60.0);
INSERT INTO result_scores VALUES(2019,'u5','b',60.0);
CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  year INTEGER REFERENCES years (year),
  unit_id TEXT REFERENCES units (id),
  node_id TEXT,
  body TEXT NOT NULL,
  author TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL,
  year INTEGER,
  detail TEXT NOT NULL,
  prev_hash CHAR(64) NOT NULL,
  hash CHAR(64) NOT NULL UNIQUE
);
INSERT INTO audit_log VALUES(1,'2021-01-01T00:00:00Z','tester','create',NULL,'schema=1','0000000000000000000000000000000000000000000000000000000000000000','0d014db281e32618ecb5afa4bf7cb948a0fd7f7b35730d96ec94fff1fe2e2c83');
INSERT INTO audit_log VALUES(2,'2021-01-01T00:00:00Z','tester','units',NULL,replace('file=units.csv\nunits=12\ncity1	南通市	Nantong	city					南通市\nk1	崇川区	Chongchuan	county	counties				崇川區\nk2	港闸区	Gangzha	county	counties		2019	k1	港閘區\nk3	海门市	Haimen City	county	counties		2019	k4	海門市\nk4	海门区	Haimen District	county	counties	2020			海門區\nk5	通州区	Tongzhou	county	counties				通州區\nk6	如皋市	Rugao	county	counties				如皋市\nu1	苏州大学	Soochow University	university	research				蘇州大學\nu2	南京师范大学	Nanjing Normal University	university	research				南京師範大學\nu3	苏州科技大学	Suzhou University of Science and Technology	university	other				蘇州科技大學\nu4	常熟理工学院	Changshu Institute of Technology	university	other				常熟理工學院\nu5	淮阴工学院	Huaiyin Institute of Technology	university	other				淮陰工學院','\n',char(10)),'0d014db281e32618ecb5afa4bf7cb948a0fd7f7b35730d96ec94fff1fe2e2c83','2b326c0afe6b0787793f8d5c136044ebe0ba259563a6d3e82e2536955d02f4c9');
INSERT INTO audit_log VALUES(3,'2021-01-01T00:00:00Z','tester','framework',2019,replace('file=county-2019.xml\ncategory=county\nid=units-county-2019\nversion=\nsha256=5a3cd164a34140c21ff1978324a5a65ff259d81bae2eedf5851ac8f3cd30fa78','\n',char(10)),'2b326c0afe6b0787793f8d5c136044ebe0ba259563a6d3e82e2536955d02f4c9','40e40005d597fa02ec14b47b093de182f0ec38ffe22bd3714c4c774c40056574');
INSERT INTO audit_log VALUES(4,'2021-01-01T00:00:00Z','tester','import',2019,replace('file=county-2019.csv\nlayout=wide\nencoding=UTF-8\nvalues=5\nsha256=dfa7b545fb54b0a4b411b569cd0ce6720069f6ecdb8d9197ee215266bf7d1bd9','\n',char(10)),'40e40005d597fa02ec14b47b093de182f0ec38ffe22bd3714c4c774c40056574','84b1c1d299ffa45683270e1e4961a61158efdcb4f450f5b2c6a941a538244ccd');
INSERT INTO audit_log VALUES(5,'2021-01-01T00:00:00Z','tester','framework',2019,replace('file=university-2019.xml\ncategory=university\nid=units-university-2019\nversion=\nsha256=12da87e4269791063dfa3c5ac6b2f3e43504dbee816c87edcb0d91449b1520a1','\n',char(10)),'84b1c1d299ffa45683270e1e4961a61158efdcb4f450f5b2c6a941a538244ccd','b324d92b767ebcb4e214af9d16986c93ff92391cb15f6adaea54e81dad8082ef');
INSERT INTO audit_log VALUES(6,'2021-01-01T00:00:00Z','tester','import',2019,replace('file=university-2019.csv\nlayout=wide\nencoding=UTF-8\nvalues=5\nsha256=179b4f97365f6147a60f4d8d1c76ced55c19337d7250ad7ef2c3a12a2dbd7aed','\n',char(10)),'b324d92b767ebcb4e214af9d16986c93ff92391cb15f6adaea54e81dad8082ef','0b814a30edd0743cd2ebaa07ea23366f939414758f9fa0c1013fa7e8eea6c22a');
INSERT INTO audit_log VALUES(7,'2021-01-01T00:00:00Z','tester','framework',2020,replace('file=university-2020.xml\ncategory=university\nid=units-university-2020\nversion=\nsha256=208469eb855d7ac256edffea9fb295a7f39dcb30ee002c46b2d86b6ea5b6c2cc','\n',char(10)),'0b814a30edd0743cd2ebaa07ea23366f939414758f9fa0c1013fa7e8eea6c22a','e2cd8926cc439bef0283ffc0322809ed092f1fb6bf93894be4f52d9dc22b7876');
INSERT INTO audit_log VALUES(8,'2021-01-01T00:00:00Z','tester','import',2020,replace('file=university-2020.csv\nlayout=wide\nencoding=UTF-8\nvalues=5\nsha256=5d3a971c8dcff514f31d5bc8fbf4fc13851efb90407dde8b16d862578529d971','\n',char(10)),'e2cd8926cc439bef0283ffc0322809ed092f1fb6bf93894be4f52d9dc22b7876','846bcfec8330fe07e29c0040f5dd8cb86166ebeae7cf0f1cd3fbb700737bc048');
INSERT INTO audit_log VALUES(9,'2021-01-01T00:00:00Z','tester','compute',2019,replace('results=10\nsha256=53383e552aa4400df92a9629394714cd632aa9fab32ff2ae18d812cc4fad761e','\n',char(10)),'846bcfec8330fe07e29c0040f5dd8cb86166ebeae7cf0f1cd3fbb700737bc048','a2874879955d98b5abcf1a57642b8e04f08f0386076f05510de4d71ac49efdbc');
INSERT INTO audit_log VALUES(10,'2021-01-01T00:00:00Z','tester','seal',2019,replace('framework	county	5a3cd164a34140c21ff1978324a5a65ff259d81bae2eedf5851ac8f3cd30fa78\nframework	university	12da87e4269791063dfa3c5ac6b2f3e43504dbee816c87edcb0d91449b1520a1\nvalue	k1	a	60\nvalue	k2	a	80\nvalue	k3	a	50\nvalue	k5	a	70\nvalue	k6	a	40\nvalue	u1	b	90\nvalue	u2	b	80\nvalue	u3	b	85\nvalue	u4	b	70\nvalue	u5	b	60\nresult	k1	counties	60	3	2	0	0	\nresult	k2	counties	80	1	1	0	0	\nresult	k3	counties	50	4	2	0	0	\nresult	k5	counties	70	2	1	0	0	\nresult	k6	counties	40	5	3	0	0	\nresult	u1	research	90	1	1	0	0	\nresult	u2	research	80	2	2	0	0	\nresult	u3	other	85	1	1	0	0	\nresult	u4	other	70	2	2	0	0	\nresult	u5	other	60	3	3	0	0	\nscore	k1	a	60\nscore	k1	total	60\nscore	k2	a	80\nscore	k2	total	80\nscore	k3	a	50\nscore	k3	total	50\nscore	k5	a	70\nscore	k5	total	70\nscore	k6	a	40\nscore	k6	total	40\nscore	u1	b	90\nscore	u1	total	90\nscore	u2	b	80\nscore	u2	total	80\nscore	u3	b	85\nscore	u3	total	85\nscore	u4	b	70\nscore	u4	total	70\nscore	u5	b	60\nscore	u5	total	60\n','\n',char(10)),'a2874879955d98b5abcf1a57642b8e04f08f0386076f05510de4d71ac49efdbc','2326df997f815e32131eb7d4abd0ce62bd8ff98634058a0892a8b6325957974f');
INSERT INTO audit_log VALUES(11,'2021-01-01T00:00:00Z','tester','units',NULL,replace('file=moved.csv\nunits=12\ncity1	南通市	Nantong	city					南通市\nk1	崇川区	Chongchuan	county	counties				崇川區\nk2	港闸区	Gangzha	county	counties		2019	k1	港閘區\nk3	海门市	Haimen City	county	counties		2019	k4	海門市\nk4	海门区	Haimen District	county	counties	2020			海門區\nk5	通州区	Tongzhou	county	counties				通州區\nk6	如皋市	Rugao	county	counties				如皋市\nu1	苏州大学	Soochow University	university	research				蘇州大學\nu2	南京师范大学	Nanjing Normal University	university	research				南京師範大學\nu3	苏州科技大学	Suzhou University of Science and Technology	university	research				蘇州科技大學\nu4	常熟理工学院	Changshu Institute of Technology	university	other				常熟理工學院\nu5	淮阴工学院	Huaiyin Institute of Technology	university	other				淮陰工學院','\n',char(10)),'2326df997f815e32131eb7d4abd0ce62bd8ff98634058a0892a8b6325957974f','b75d3452cd454db884ae7f4fecf51a1f0e5035792cdeea4c942089fa5c051fe3');
CREATE INDEX units_name_zh ON units (name_zh);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER years_sealed_update BEFORE UPDATE ON years WHEN OLD.sealed = 1
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER years_sealed_delete BEFORE DELETE ON years WHEN OLD.sealed = 1
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER frameworks_sealed_insert BEFORE INSERT ON frameworks
WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER frameworks_sealed_update BEFORE UPDATE ON frameworks
WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER frameworks_sealed_delete BEFORE DELETE ON frameworks
WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER data_values_sealed_insert BEFORE INSERT ON data_values
WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER data_values_sealed_update BEFORE UPDATE ON data_values
WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER data_values_sealed_delete BEFORE DELETE ON data_values
WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER results_sealed_insert BEFORE INSERT ON results
WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER results_sealed_update BEFORE UPDATE ON results
WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER results_sealed_delete BEFORE DELETE ON results
WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER result_scores_sealed_insert BEFORE INSERT ON result_scores
WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER result_scores_sealed_update BEFORE UPDATE ON result_scores
WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER result_scores_sealed_delete BEFORE DELETE ON result_scores
WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
COMMIT;
PRAGMA application_id = 1262571336;
PRAGMA user_version = 1;
