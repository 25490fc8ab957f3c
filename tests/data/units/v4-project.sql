-- A project written by Kaohe's project format 4 (main at e889382, before units were kept
-- per year), made with kaohe-cli of that version from this directory: units.csv, the
-- 2019 frameworks and data of both categories, the 2020 university framework and data,
-- 2019 computed and sealed (a seal of format 2, whose unit lines came from the units
-- table). sqlite3 .dump, plus the two pragmas the dump leaves out.
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
  successor_id TEXT REFERENCES units (id), audit_seq INTEGER,
  CHECK (from_year IS NULL OR until_year IS NULL OR from_year <= until_year)
);
INSERT INTO units VALUES('city1','南通市','南通市','Nantong','city',NULL,NULL,NULL,NULL,2);
INSERT INTO units VALUES('k1','崇川区','崇川區','Chongchuan','county','counties',NULL,NULL,NULL,2);
INSERT INTO units VALUES('k2','港闸区','港閘區','Gangzha','county','counties',NULL,2019,'k1',2);
INSERT INTO units VALUES('k3','海门市','海門市','Haimen City','county','counties',NULL,2019,'k4',2);
INSERT INTO units VALUES('k4','海门区','海門區','Haimen District','county','counties',2020,NULL,NULL,2);
INSERT INTO units VALUES('k5','通州区','通州區','Tongzhou','county','counties',NULL,NULL,NULL,2);
INSERT INTO units VALUES('k6','如皋市','如皋市','Rugao','county','counties',NULL,NULL,NULL,2);
INSERT INTO units VALUES('u1','苏州大学','蘇州大學','Soochow University','university','research',NULL,NULL,NULL,2);
INSERT INTO units VALUES('u2','南京师范大学','南京師範大學','Nanjing Normal University','university','research',NULL,NULL,NULL,2);
INSERT INTO units VALUES('u3','苏州科技大学','蘇州科技大學','Suzhou University of Science and Technology','university','other',NULL,NULL,NULL,2);
INSERT INTO units VALUES('u4','常熟理工学院','常熟理工學院','Changshu Institute of Technology','university','other',NULL,NULL,NULL,2);
INSERT INTO units VALUES('u5','淮阴工学院','淮陰工學院','Huaiyin Institute of Technology','university','other',NULL,NULL,NULL,2);
CREATE TABLE years (
  year INTEGER PRIMARY KEY,
  sealed INTEGER NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1))
);
INSERT INTO years VALUES(2019,1);
INSERT INTO years VALUES(2020,0);
CREATE TABLE frameworks (
  year INTEGER NOT NULL REFERENCES years (year),
  category_id TEXT NOT NULL REFERENCES categories (id),
  xml TEXT NOT NULL, audit_seq INTEGER,
  PRIMARY KEY (year, category_id)
);
INSERT INTO frameworks VALUES(2019,'county',replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="units-county-2019" year="2019" category="county">\n  <title lang="zh-CN">县（市、区）测试指标体系</title>\n  <groups>\n    <group id="counties">\n      <name lang="zh-CN">县（市、区）</name>\n      <tiers mode="count" values="2 2"/>\n      <award id="advance" min-advance="1" most="true">\n        <name lang="zh-CN">争先进位奖</name>\n      </award>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="a" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)),3);
INSERT INTO frameworks VALUES(2019,'university',replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="units-university-2019" year="2019" category="university">\n  <title lang="zh-CN">高校测试指标体系</title>\n  <groups>\n    <group id="research">\n      <name lang="zh-CN">研究型大学</name>\n      <tiers mode="count" values="1 1"/>\n    </group>\n    <group id="other">\n      <name lang="zh-CN">其他本科院校</name>\n      <tiers mode="count" values="1 1"/>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="b" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)),5);
INSERT INTO frameworks VALUES(2020,'university',replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="units-university-2020" year="2020" category="university">\n  <title lang="zh-CN">高校测试指标体系</title>\n  <groups>\n    <group id="research">\n      <name lang="zh-CN">研究型大学</name>\n      <tiers mode="count" values="1 1"/>\n    </group>\n    <group id="other">\n      <name lang="zh-CN">其他本科院校</name>\n      <tiers mode="count" values="1 1"/>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="b" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)),7);
CREATE TABLE data_values (
  year INTEGER NOT NULL REFERENCES years (year),
  unit_id TEXT NOT NULL REFERENCES units (id),
  field TEXT NOT NULL,
  value DOUBLE PRECISION,
  source_file TEXT,
  source_row INTEGER,
  source_column INTEGER,
  edited_by TEXT NOT NULL,
  edited_at TEXT NOT NULL, audit_seq INTEGER,
  PRIMARY KEY (year, unit_id, field)
);
INSERT INTO data_values VALUES(2019,'k1','a',60.0,'county-2019.csv',2,2,'kaohe-test','2026-12-05T00:10:08Z',4);
INSERT INTO data_values VALUES(2019,'k2','a',80.0,'county-2019.csv',3,2,'kaohe-test','2026-12-05T00:10:08Z',4);
INSERT INTO data_values VALUES(2019,'k3','a',50.0,'county-2019.csv',4,2,'kaohe-test','2026-12-05T00:10:08Z',4);
INSERT INTO data_values VALUES(2019,'k5','a',70.0,'county-2019.csv',5,2,'kaohe-test','2026-12-05T00:10:08Z',4);
INSERT INTO data_values VALUES(2019,'k6','a',40.0,'county-2019.csv',6,2,'kaohe-test','2026-12-05T00:10:08Z',4);
INSERT INTO data_values VALUES(2019,'u1','b',90.0,'university-2019.csv',2,2,'kaohe-test','2026-12-05T00:10:09Z',6);
INSERT INTO data_values VALUES(2019,'u2','b',80.0,'university-2019.csv',3,2,'kaohe-test','2026-12-05T00:10:09Z',6);
INSERT INTO data_values VALUES(2019,'u3','b',85.0,'university-2019.csv',4,2,'kaohe-test','2026-12-05T00:10:09Z',6);
INSERT INTO data_values VALUES(2019,'u4','b',70.0,'university-2019.csv',5,2,'kaohe-test','2026-12-05T00:10:09Z',6);
INSERT INTO data_values VALUES(2019,'u5','b',60.0,'university-2019.csv',6,2,'kaohe-test','2026-12-05T00:10:09Z',6);
INSERT INTO data_values VALUES(2020,'u1','b',88.0,'university-2020.csv',2,2,'kaohe-test','2026-12-05T00:10:10Z',8);
INSERT INTO data_values VALUES(2020,'u2','b',82.0,'university-2020.csv',3,2,'kaohe-test','2026-12-05T00:10:10Z',8);
INSERT INTO data_values VALUES(2020,'u3','b',86.0,'university-2020.csv',4,2,'kaohe-test','2026-12-05T00:10:10Z',8);
INSERT INTO data_values VALUES(2020,'u4','b',75.0,'university-2020.csv',5,2,'kaohe-test','2026-12-05T00:10:10Z',8);
INSERT INTO data_values VALUES(2020,'u5','b',65.0,'university-2020.csv',6,2,'kaohe-test','2026-12-05T00:10:10Z',8);
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
  computed_at TEXT NOT NULL, audit_seq INTEGER,
  PRIMARY KEY (year, unit_id)
);
INSERT INTO results VALUES(2019,'k1','counties',60.0,3,2,0,0,'','2026-12-05T00:10:10Z',9);
INSERT INTO results VALUES(2019,'k2','counties',80.0,1,1,0,0,'','2026-12-05T00:10:10Z',9);
INSERT INTO results VALUES(2019,'k3','counties',50.0,4,2,0,0,'','2026-12-05T00:10:10Z',9);
INSERT INTO results VALUES(2019,'k5','counties',70.0,2,1,0,0,'','2026-12-05T00:10:10Z',9);
INSERT INTO results VALUES(2019,'k6','counties',40.0,5,3,0,0,'','2026-12-05T00:10:10Z',9);
INSERT INTO results VALUES(2019,'u1','research',90.0,1,1,0,0,'','2026-12-05T00:10:10Z',9);
INSERT INTO results VALUES(2019,'u2','research',80.0,2,2,0,0,'','2026-12-05T00:10:10Z',9);
INSERT INTO results VALUES(2019,'u3','other',85.0,1,1,0,0,'','2026-12-05T00:10:10Z',9);
INSERT INTO results VALUES(2019,'u4','other',70.0,2,2,0,0,'','2026-12-05T00:10:10Z',9);
INSERT INTO results VALUES(2019,'u5','other',60.0,3,3,0,0,'','2026-12-05T00:10:10Z',9);
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
INSERT INTO audit_log VALUES(1,'2026-12-05T00:10:08Z','kaohe-test','create',NULL,'schema=4','0000000000000000000000000000000000000000000000000000000000000000','3bf74145f6d08916d80e1dda168523cff6747dda562dd74ab40f201d2a769938');
INSERT INTO audit_log VALUES(2,'2026-12-05T00:10:08Z','kaohe-test','units',NULL,replace('file=units.csv\nunits=12\ncity1	南通市	Nantong	city					南通市\nk1	崇川区	Chongchuan	county	counties				崇川區\nk2	港闸区	Gangzha	county	counties		2019	k1	港閘區\nk3	海门市	Haimen City	county	counties		2019	k4	海門市\nk4	海门区	Haimen District	county	counties	2020			海門區\nk5	通州区	Tongzhou	county	counties				通州區\nk6	如皋市	Rugao	county	counties				如皋市\nu1	苏州大学	Soochow University	university	research				蘇州大學\nu2	南京师范大学	Nanjing Normal University	university	research				南京師範大學\nu3	苏州科技大学	Suzhou University of Science and Technology	university	other				蘇州科技大學\nu4	常熟理工学院	Changshu Institute of Technology	university	other				常熟理工學院\nu5	淮阴工学院	Huaiyin Institute of Technology	university	other				淮陰工學院','\n',char(10)),'3bf74145f6d08916d80e1dda168523cff6747dda562dd74ab40f201d2a769938','a3ca6566e84a93ac6c76a05b4904d14a645e05838daf58dbc27744b111c8bdd1');
INSERT INTO audit_log VALUES(3,'2026-12-05T00:10:08Z','kaohe-test','framework',2019,replace('file=county-2019.xml\ncategory=county\nid=units-county-2019\nversion=\nsha256=5a3cd164a34140c21ff1978324a5a65ff259d81bae2eedf5851ac8f3cd30fa78','\n',char(10)),'a3ca6566e84a93ac6c76a05b4904d14a645e05838daf58dbc27744b111c8bdd1','532d514554d2edd3a16bb551013b5ea25b3099b149c1b42d16b1743dc5dac6df');
INSERT INTO audit_log VALUES(4,'2026-12-05T00:10:09Z','kaohe-test','import',2019,replace('file=county-2019.csv\nlayout=wide\nencoding=UTF-8\nvalues=5\nsha256=dfa7b545fb54b0a4b411b569cd0ce6720069f6ecdb8d9197ee215266bf7d1bd9','\n',char(10)),'532d514554d2edd3a16bb551013b5ea25b3099b149c1b42d16b1743dc5dac6df','77aff95bbf8055de415bfe3b33c2926faeab4bc73d8d660cd247ba249887e1bf');
INSERT INTO audit_log VALUES(5,'2026-12-05T00:10:09Z','kaohe-test','framework',2019,replace('file=university-2019.xml\ncategory=university\nid=units-university-2019\nversion=\nsha256=12da87e4269791063dfa3c5ac6b2f3e43504dbee816c87edcb0d91449b1520a1','\n',char(10)),'77aff95bbf8055de415bfe3b33c2926faeab4bc73d8d660cd247ba249887e1bf','baae18a8ed9e1718d26c89242085961145f5e47615ba374dabb5e385a0059edc');
INSERT INTO audit_log VALUES(6,'2026-12-05T00:10:09Z','kaohe-test','import',2019,replace('file=university-2019.csv\nlayout=wide\nencoding=UTF-8\nvalues=5\nsha256=179b4f97365f6147a60f4d8d1c76ced55c19337d7250ad7ef2c3a12a2dbd7aed','\n',char(10)),'baae18a8ed9e1718d26c89242085961145f5e47615ba374dabb5e385a0059edc','71f809626f64a274e1cc2797072cba3b3041e65820086f7e99b959e95e00ad4b');
INSERT INTO audit_log VALUES(7,'2026-12-05T00:10:09Z','kaohe-test','framework',2020,replace('file=university-2020.xml\ncategory=university\nid=units-university-2020\nversion=\nsha256=208469eb855d7ac256edffea9fb295a7f39dcb30ee002c46b2d86b6ea5b6c2cc','\n',char(10)),'71f809626f64a274e1cc2797072cba3b3041e65820086f7e99b959e95e00ad4b','57945fd2a4acadb430a417b0eedc54ee19fea89c86cd438abdb9dab20ca1cf9d');
INSERT INTO audit_log VALUES(8,'2026-12-05T00:10:10Z','kaohe-test','import',2020,replace('file=university-2020.csv\nlayout=wide\nencoding=UTF-8\nvalues=5\nsha256=5d3a971c8dcff514f31d5bc8fbf4fc13851efb90407dde8b16d862578529d971','\n',char(10)),'57945fd2a4acadb430a417b0eedc54ee19fea89c86cd438abdb9dab20ca1cf9d','cc0ce469a4d16aaeeb5686985b74ab8cd527e8c2e0a44cbfbc183ea29c6c253a');
INSERT INTO audit_log VALUES(9,'2026-12-05T00:10:10Z','kaohe-test','compute',2019,replace('results=10\nsha256=f791092a8ef18ee854a48267ddcb9a9b63a8c787d0abab507b36e244bfa85a85','\n',char(10)),'cc0ce469a4d16aaeeb5686985b74ab8cd527e8c2e0a44cbfbc183ea29c6c253a','89d40d17d1fc5b9b46c829f36c57f2778d74f0b45caf98a6b71286ced81c19a8');
INSERT INTO audit_log VALUES(10,'2026-12-05T00:10:10Z','kaohe-test','seal',2019,replace('kaohe-seal	2\nschema	4	af984c66133c02899a254f6718540b2b872ec36cdbe1535fee84779201ff3807\nframework	county	5a3cd164a34140c21ff1978324a5a65ff259d81bae2eedf5851ac8f3cd30fa78\nframework	university	12da87e4269791063dfa3c5ac6b2f3e43504dbee816c87edcb0d91449b1520a1\nunit	city1	南通市	南通市	Nantong	city	\nunit	k1	崇川区	崇川區	Chongchuan	county	counties\nunit	k2	港闸区	港閘區	Gangzha	county	counties\nunit	k3	海门市	海門市	Haimen City	county	counties\nunit	k5	通州区	通州區	Tongzhou	county	counties\nunit	k6	如皋市	如皋市	Rugao	county	counties\nunit	u1	苏州大学	蘇州大學	Soochow University	university	research\nunit	u2	南京师范大学	南京師範大學	Nanjing Normal University	university	research\nunit	u3	苏州科技大学	蘇州科技大學	Suzhou University of Science and Technology	university	other\nunit	u4	常熟理工学院	常熟理工學院	Changshu Institute of Technology	university	other\nunit	u5	淮阴工学院	淮陰工學院	Huaiyin Institute of Technology	university	other\nvalue	k1	a	60\nvalue	k2	a	80\nvalue	k3	a	50\nvalue	k5	a	70\nvalue	k6	a	40\nvalue	u1	b	90\nvalue	u2	b	80\nvalue	u3	b	85\nvalue	u4	b	70\nvalue	u5	b	60\nsource	k1	a	county-2019.csv	2	2	kaohe-test	2026-12-05T00:10:08Z\nsource	k2	a	county-2019.csv	3	2	kaohe-test	2026-12-05T00:10:08Z\nsource	k3	a	county-2019.csv	4	2	kaohe-test	2026-12-05T00:10:08Z\nsource	k5	a	county-2019.csv	5	2	kaohe-test	2026-12-05T00:10:08Z\nsource	k6	a	county-2019.csv	6	2	kaohe-test	2026-12-05T00:10:08Z\nsource	u1	b	university-2019.csv	2	2	kaohe-test	2026-12-05T00:10:09Z\nsource	u2	b	university-2019.csv	3	2	kaohe-test	2026-12-05T00:10:09Z\nsource	u3	b	university-2019.csv	4	2	kaohe-test	2026-12-05T00:10:09Z\nsource	u4	b	university-2019.csv	5	2	kaohe-test	2026-12-05T00:10:09Z\nsource	u5	b	university-2019.csv	6	2	kaohe-test	2026-12-05T00:10:09Z\nresult	k1	counties	60	3	2	0	0	\nresult	k2	counties	80	1	1	0	0	\nresult	k3	counties	50	4	2	0	0	\nresult	k5	counties	70	2	1	0	0	\nresult	k6	counties	40	5	3	0	0	\nresult	u1	research	90	1	1	0	0	\nresult	u2	research	80	2	2	0	0	\nresult	u3	other	85	1	1	0	0	\nresult	u4	other	70	2	2	0	0	\nresult	u5	other	60	3	3	0	0	\ncomputed	k1	2026-12-05T00:10:10Z\ncomputed	k2	2026-12-05T00:10:10Z\ncomputed	k3	2026-12-05T00:10:10Z\ncomputed	k5	2026-12-05T00:10:10Z\ncomputed	k6	2026-12-05T00:10:10Z\ncomputed	u1	2026-12-05T00:10:10Z\ncomputed	u2	2026-12-05T00:10:10Z\ncomputed	u3	2026-12-05T00:10:10Z\ncomputed	u4	2026-12-05T00:10:10Z\ncomputed	u5	2026-12-05T00:10:10Z\nscore	k1	a	60\nscore	k1	total	60\nscore	k2	a	80\nscore	k2	total	80\nscore	k3	a	50\nscore	k3	total	50\nscore	k5	a	70\nscore	k5	total	70\nscore	k6	a	40\nscore	k6	total	40\nscore	u1	b	90\nscore	u1	total	90\nscore	u2	b	80\nscore	u2	total	80\nscore	u3	b	85\nscore	u3	total	85\nscore	u4	b	70\nscore	u4	total	70\nscore	u5	b	60\nscore	u5	total	60\n','\n',char(10)),'89d40d17d1fc5b9b46c829f36c57f2778d74f0b45caf98a6b71286ced81c19a8','98eaa71357eeccc2575915362f923e19adedb2b99239fb4414835a321984b499');
CREATE TABLE survey_salt (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  salt TEXT NOT NULL
);
CREATE TABLE survey_responses (
  year INTEGER NOT NULL REFERENCES years (year),
  category_id TEXT NOT NULL REFERENCES categories (id),
  rater CHAR(64) NOT NULL,
  class_id TEXT NOT NULL,
  unit_id TEXT NOT NULL REFERENCES units (id),
  item_id TEXT NOT NULL,
  answer TEXT NOT NULL,
  answered_at TEXT,
  source_file TEXT NOT NULL,
  source_row INTEGER NOT NULL,
  PRIMARY KEY (year, category_id, rater, unit_id, item_id)
);
CREATE TABLE survey_exclusions (
  year INTEGER NOT NULL REFERENCES years (year),
  category_id TEXT NOT NULL REFERENCES categories (id),
  rater CHAR(64) NOT NULL,
  reason TEXT NOT NULL CHECK (reason <> ''),
  excluded_by TEXT NOT NULL,
  excluded_at TEXT NOT NULL,
  PRIMARY KEY (year, category_id, rater)
);
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
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
CREATE TRIGGER survey_salt_no_update BEFORE UPDATE ON survey_salt
BEGIN SELECT RAISE (ABORT, 'the survey salt does not change'); END;
CREATE TRIGGER survey_salt_no_delete BEFORE DELETE ON survey_salt
BEGIN SELECT RAISE (ABORT, 'the survey salt does not change'); END;
CREATE TRIGGER survey_responses_sealed_insert BEFORE INSERT ON survey_responses
WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER survey_responses_sealed_update BEFORE UPDATE ON survey_responses
WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER survey_responses_sealed_delete BEFORE DELETE ON survey_responses
WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER survey_exclusions_sealed_insert BEFORE INSERT ON survey_exclusions
WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER survey_exclusions_sealed_update BEFORE UPDATE ON survey_exclusions
WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER survey_exclusions_sealed_delete BEFORE DELETE ON survey_exclusions
WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER units_sealed_insert BEFORE INSERT ON units
WHEN NOT EXISTS (SELECT 1 FROM units WHERE id = NEW.id)
AND EXISTS (SELECT 1 FROM years y WHERE y.sealed = 1 AND ((NEW.from_year IS NULL OR NEW.from_year <= y.year) AND (NEW.until_year IS NULL OR y.year <= NEW.until_year)))
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER units_sealed_update BEFORE UPDATE ON units
WHEN EXISTS (SELECT 1 FROM years y WHERE y.sealed = 1
AND (((OLD.from_year IS NULL OR OLD.from_year <= y.year) AND (OLD.until_year IS NULL OR y.year <= OLD.until_year)) OR ((NEW.from_year IS NULL OR NEW.from_year <= y.year) AND (NEW.until_year IS NULL OR y.year <= NEW.until_year)))
AND (((OLD.from_year IS NULL OR OLD.from_year <= y.year) AND (OLD.until_year IS NULL OR y.year <= OLD.until_year)) IS NOT ((NEW.from_year IS NULL OR NEW.from_year <= y.year) AND (NEW.until_year IS NULL OR y.year <= NEW.until_year))
OR NEW.id IS NOT OLD.id OR NEW.name_zh IS NOT OLD.name_zh
OR NEW.name_zh_tw IS NOT OLD.name_zh_tw OR NEW.name_en IS NOT OLD.name_en
OR NEW.category_id IS NOT OLD.category_id OR NEW.group_id IS NOT OLD.group_id))
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER units_sealed_delete BEFORE DELETE ON units
WHEN EXISTS (SELECT 1 FROM years y WHERE y.sealed = 1 AND ((OLD.from_year IS NULL OR OLD.from_year <= y.year) AND (OLD.until_year IS NULL OR y.year <= OLD.until_year)))
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
COMMIT;
PRAGMA application_id = 1262571336;
PRAGMA user_version = 4;
