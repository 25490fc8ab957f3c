-- A project written by Kaohe's project format 5 (main at 67e7a7a, before the units' short
-- names and aliases), made with kaohe-cli of that version from this directory: units.csv,
-- the 2019 and 2020 frameworks and data of both categories, 2019 computed and sealed (a
-- seal of format 3). sqlite3 .dump, plus the two pragmas the dump leaves out.
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
  successor_id TEXT REFERENCES units (id), audit_seq INTEGER, parent_id TEXT,
  CHECK (from_year IS NULL OR until_year IS NULL OR from_year <= until_year)
);
INSERT INTO units VALUES('city1','南通市','南通市','Nantong','city',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO units VALUES('k1','崇川区','崇川區','Chongchuan','county','counties',NULL,NULL,NULL,NULL,'city1');
INSERT INTO units VALUES('k2','港闸区','港閘區','Gangzha','county','counties',NULL,2019,'k1',NULL,'city1');
INSERT INTO units VALUES('k3','海门市','海門市','Haimen City','county','counties',NULL,2019,'k4',NULL,'city1');
INSERT INTO units VALUES('k4','海门区','海門區','Haimen District','county','counties',2020,NULL,NULL,NULL,'city1');
INSERT INTO units VALUES('k5','通州区','通州區','Tongzhou','county','counties',NULL,NULL,NULL,NULL,'city1');
INSERT INTO units VALUES('k6','如皋市','如皋市','Rugao','county','counties',NULL,NULL,NULL,NULL,'city1');
INSERT INTO units VALUES('u1','苏州大学','蘇州大學','Soochow University','university','research',NULL,NULL,NULL,NULL,NULL);
INSERT INTO units VALUES('u2','南京师范大学','南京師範大學','Nanjing Normal University','university','research',NULL,NULL,NULL,NULL,NULL);
INSERT INTO units VALUES('u3','苏州科技大学','蘇州科技大學','Suzhou University of Science and Technology','university','other',NULL,NULL,NULL,NULL,NULL);
INSERT INTO units VALUES('u4','常熟理工学院','常熟理工學院','Changshu Institute of Technology','university','other',NULL,NULL,NULL,NULL,NULL);
INSERT INTO units VALUES('u5','淮阴工学院','淮陰工學院','Huaiyin Institute of Technology','university','other',NULL,NULL,NULL,NULL,NULL);
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
INSERT INTO frameworks VALUES(2020,'county',replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="units-county-2020" year="2020" category="county" merged-rank="best">\n  <title lang="zh-CN">县（市、区）测试指标体系</title>\n  <groups>\n    <group id="counties">\n      <name lang="zh-CN">县（市、区）</name>\n      <tiers mode="count" values="2 2"/>\n      <award id="advance" min-advance="1" most="true">\n        <name lang="zh-CN">争先进位奖</name>\n      </award>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="a" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)),7);
INSERT INTO frameworks VALUES(2020,'university',replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="units-university-2020" year="2020" category="university">\n  <title lang="zh-CN">高校测试指标体系</title>\n  <groups>\n    <group id="research">\n      <name lang="zh-CN">研究型大学</name>\n      <tiers mode="count" values="1 1"/>\n    </group>\n    <group id="other">\n      <name lang="zh-CN">其他本科院校</name>\n      <tiers mode="count" values="1 1"/>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="b" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)),9);
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
INSERT INTO data_values VALUES(2019,'k1','a',60.0,'county-2019.csv',2,2,'tester','2021-01-01T00:00:00Z',4);
INSERT INTO data_values VALUES(2019,'k2','a',80.0,'county-2019.csv',3,2,'tester','2021-01-01T00:00:00Z',4);
INSERT INTO data_values VALUES(2019,'k3','a',50.0,'county-2019.csv',4,2,'tester','2021-01-01T00:00:00Z',4);
INSERT INTO data_values VALUES(2019,'k5','a',70.0,'county-2019.csv',5,2,'tester','2021-01-01T00:00:00Z',4);
INSERT INTO data_values VALUES(2019,'k6','a',40.0,'county-2019.csv',6,2,'tester','2021-01-01T00:00:00Z',4);
INSERT INTO data_values VALUES(2019,'u1','b',90.0,'university-2019.csv',2,2,'tester','2021-01-01T00:00:00Z',6);
INSERT INTO data_values VALUES(2019,'u2','b',80.0,'university-2019.csv',3,2,'tester','2021-01-01T00:00:00Z',6);
INSERT INTO data_values VALUES(2019,'u3','b',85.0,'university-2019.csv',4,2,'tester','2021-01-01T00:00:00Z',6);
INSERT INTO data_values VALUES(2019,'u4','b',70.0,'university-2019.csv',5,2,'tester','2021-01-01T00:00:00Z',6);
INSERT INTO data_values VALUES(2019,'u5','b',60.0,'university-2019.csv',6,2,'tester','2021-01-01T00:00:00Z',6);
INSERT INTO data_values VALUES(2020,'k1','a',75.0,'county-2020.csv',2,2,'tester','2021-01-01T00:00:00Z',8);
INSERT INTO data_values VALUES(2020,'k4','a',55.0,'county-2020.csv',3,2,'tester','2021-01-01T00:00:00Z',8);
INSERT INTO data_values VALUES(2020,'k5','a',72.0,'county-2020.csv',4,2,'tester','2021-01-01T00:00:00Z',8);
INSERT INTO data_values VALUES(2020,'k6','a',65.0,'county-2020.csv',5,2,'tester','2021-01-01T00:00:00Z',8);
INSERT INTO data_values VALUES(2020,'u1','b',88.0,'university-2020.csv',2,2,'tester','2021-01-01T00:00:00Z',10);
INSERT INTO data_values VALUES(2020,'u2','b',82.0,'university-2020.csv',3,2,'tester','2021-01-01T00:00:00Z',10);
INSERT INTO data_values VALUES(2020,'u3','b',86.0,'university-2020.csv',4,2,'tester','2021-01-01T00:00:00Z',10);
INSERT INTO data_values VALUES(2020,'u4','b',75.0,'university-2020.csv',5,2,'tester','2021-01-01T00:00:00Z',10);
INSERT INTO data_values VALUES(2020,'u5','b',65.0,'university-2020.csv',6,2,'tester','2021-01-01T00:00:00Z',10);
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
INSERT INTO results VALUES(2019,'k1','counties',60.0,3,2,0,0,'','2021-01-01T00:00:00Z',11);
INSERT INTO results VALUES(2019,'k2','counties',80.0,1,1,0,0,'','2021-01-01T00:00:00Z',11);
INSERT INTO results VALUES(2019,'k3','counties',50.0,4,2,0,0,'','2021-01-01T00:00:00Z',11);
INSERT INTO results VALUES(2019,'k5','counties',70.0,2,1,0,0,'','2021-01-01T00:00:00Z',11);
INSERT INTO results VALUES(2019,'k6','counties',40.0,5,3,0,0,'','2021-01-01T00:00:00Z',11);
INSERT INTO results VALUES(2019,'u1','research',90.0,1,1,0,0,'','2021-01-01T00:00:00Z',11);
INSERT INTO results VALUES(2019,'u2','research',80.0,2,2,0,0,'','2021-01-01T00:00:00Z',11);
INSERT INTO results VALUES(2019,'u3','other',85.0,1,1,0,0,'','2021-01-01T00:00:00Z',11);
INSERT INTO results VALUES(2019,'u4','other',70.0,2,2,0,0,'','2021-01-01T00:00:00Z',11);
INSERT INTO results VALUES(2019,'u5','other',60.0,3,3,0,0,'','2021-01-01T00:00:00Z',11);
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
INSERT INTO audit_log VALUES(1,'2021-01-01T00:00:00Z','tester','create',NULL,'schema=5','0000000000000000000000000000000000000000000000000000000000000000','a725e6580050bb4067737684b4dc1f4293c683dfa87275fa23bcacfaa7b6ac24');
INSERT INTO audit_log VALUES(2,'2021-01-01T00:00:00Z','tester','units',NULL,replace('file=units.csv\nlayout=per-unit\nunits=12\ncity1	南通市	南通市	Nantong	city					\nk1	崇川区	崇川區	Chongchuan	county	counties	city1			\nk2	港闸区	港閘區	Gangzha	county	counties	city1		2019	k1\nk3	海门市	海門市	Haimen City	county	counties	city1		2019	k4\nk4	海门区	海門區	Haimen District	county	counties	city1	2020		\nk5	通州区	通州區	Tongzhou	county	counties	city1			\nk6	如皋市	如皋市	Rugao	county	counties	city1			\nu1	苏州大学	蘇州大學	Soochow University	university	research				\nu2	南京师范大学	南京師範大學	Nanjing Normal University	university	research				\nu3	苏州科技大学	蘇州科技大學	Suzhou University of Science and Technology	university	other				\nu4	常熟理工学院	常熟理工學院	Changshu Institute of Technology	university	other				\nu5	淮阴工学院	淮陰工學院	Huaiyin Institute of Technology	university	other				','\n',char(10)),'a725e6580050bb4067737684b4dc1f4293c683dfa87275fa23bcacfaa7b6ac24','e131f02fee2bf6dc840d9e89b97969302fa896d0fef424ea5febb0399dea922f');
INSERT INTO audit_log VALUES(3,'2021-01-01T00:00:00Z','tester','framework',2019,replace('file=county-2019.xml\ncategory=county\nid=units-county-2019\nversion=\nsha256=5a3cd164a34140c21ff1978324a5a65ff259d81bae2eedf5851ac8f3cd30fa78','\n',char(10)),'e131f02fee2bf6dc840d9e89b97969302fa896d0fef424ea5febb0399dea922f','93e2d46d04c945016fbcade2a429c9eed8747eea46235174f77420edead50cf8');
INSERT INTO audit_log VALUES(4,'2021-01-01T00:00:00Z','tester','import',2019,replace('file=county-2019.csv\nlayout=wide\nencoding=UTF-8\nvalues=5\nsha256=dfa7b545fb54b0a4b411b569cd0ce6720069f6ecdb8d9197ee215266bf7d1bd9','\n',char(10)),'93e2d46d04c945016fbcade2a429c9eed8747eea46235174f77420edead50cf8','29830bbf5fecfcae8106cc756e8d677b0457b9f6f06b33d5e4887e500cd4af93');
INSERT INTO audit_log VALUES(5,'2021-01-01T00:00:00Z','tester','framework',2019,replace('file=university-2019.xml\ncategory=university\nid=units-university-2019\nversion=\nsha256=12da87e4269791063dfa3c5ac6b2f3e43504dbee816c87edcb0d91449b1520a1','\n',char(10)),'29830bbf5fecfcae8106cc756e8d677b0457b9f6f06b33d5e4887e500cd4af93','00b83de0280d75c624b06059e5c6d1188c0fb43dbd5920d31b211c3b650c7aae');
INSERT INTO audit_log VALUES(6,'2021-01-01T00:00:00Z','tester','import',2019,replace('file=university-2019.csv\nlayout=wide\nencoding=UTF-8\nvalues=5\nsha256=179b4f97365f6147a60f4d8d1c76ced55c19337d7250ad7ef2c3a12a2dbd7aed','\n',char(10)),'00b83de0280d75c624b06059e5c6d1188c0fb43dbd5920d31b211c3b650c7aae','bbb010a86666cc7b064dd17a8b0a6f93c8d467a8142271c7c44097cc8d682e02');
INSERT INTO audit_log VALUES(7,'2021-01-01T00:00:00Z','tester','framework',2020,replace('file=county-2020.xml\ncategory=county\nid=units-county-2020\nversion=\nsha256=8727ee90d62e79245048c9ba236075038f5bab687942d0c89c6bf888f89390f4','\n',char(10)),'bbb010a86666cc7b064dd17a8b0a6f93c8d467a8142271c7c44097cc8d682e02','a00fa83757bc1c648389a88af1668bae4eb4ac92643a9cc5c2db9c97f41c6981');
INSERT INTO audit_log VALUES(8,'2021-01-01T00:00:00Z','tester','import',2020,replace('file=county-2020.csv\nlayout=wide\nencoding=UTF-8\nvalues=4\nsha256=c1c9272bb1b9aa0dddd8abf1ee48ffc2cb53339cf9250202ec3c60dae577a03a','\n',char(10)),'a00fa83757bc1c648389a88af1668bae4eb4ac92643a9cc5c2db9c97f41c6981','a477ad53dc49556cb4886071260ec53f35b1155da1d42897385844485097f273');
INSERT INTO audit_log VALUES(9,'2021-01-01T00:00:00Z','tester','framework',2020,replace('file=university-2020.xml\ncategory=university\nid=units-university-2020\nversion=\nsha256=208469eb855d7ac256edffea9fb295a7f39dcb30ee002c46b2d86b6ea5b6c2cc','\n',char(10)),'a477ad53dc49556cb4886071260ec53f35b1155da1d42897385844485097f273','678bc778bcc51eb0fb9d20cc40a6a7818d5a9ebbad3315fea12d4f7690d9e0ee');
INSERT INTO audit_log VALUES(10,'2021-01-01T00:00:00Z','tester','import',2020,replace('file=university-2020.csv\nlayout=wide\nencoding=UTF-8\nvalues=5\nsha256=5d3a971c8dcff514f31d5bc8fbf4fc13851efb90407dde8b16d862578529d971','\n',char(10)),'678bc778bcc51eb0fb9d20cc40a6a7818d5a9ebbad3315fea12d4f7690d9e0ee','a6a2f789fad66a58180dba6c9da53f33bbe445d017d8f66ab85a075ef6b16c65');
INSERT INTO audit_log VALUES(11,'2021-01-01T00:00:00Z','tester','compute',2019,replace('results=10\nsha256=add100a25e4ad59d108e94e1b20f552bbd385be9c72d401e5c9bc55e3ef609ef','\n',char(10)),'a6a2f789fad66a58180dba6c9da53f33bbe445d017d8f66ab85a075ef6b16c65','8c394888198d0fd6ad5e75a9387c811098da32f50ab8711667c88c40a60b7393');
INSERT INTO audit_log VALUES(12,'2021-01-01T00:00:00Z','tester','seal',2019,replace('kaohe-seal	3\nschema	5	361dcb70781b28824017df8c78efffdc44f5779b2d0e8654d671d39b0ea92c11\nframework	county	5a3cd164a34140c21ff1978324a5a65ff259d81bae2eedf5851ac8f3cd30fa78\nframework	university	12da87e4269791063dfa3c5ac6b2f3e43504dbee816c87edcb0d91449b1520a1\nunit	city1	city	南通市	南通市	Nantong		\nunit	k1	county	崇川区	崇川區	Chongchuan	counties	city1\nunit	k2	county	港闸区	港閘區	Gangzha	counties	city1\nunit	k3	county	海门市	海門市	Haimen City	counties	city1\nunit	k5	county	通州区	通州區	Tongzhou	counties	city1\nunit	k6	county	如皋市	如皋市	Rugao	counties	city1\nunit	u1	university	苏州大学	蘇州大學	Soochow University	research	\nunit	u2	university	南京师范大学	南京師範大學	Nanjing Normal University	research	\nunit	u3	university	苏州科技大学	蘇州科技大學	Suzhou University of Science and Technology	other	\nunit	u4	university	常熟理工学院	常熟理工學院	Changshu Institute of Technology	other	\nunit	u5	university	淮阴工学院	淮陰工學院	Huaiyin Institute of Technology	other	\nvalue	k1	a	60\nvalue	k2	a	80\nvalue	k3	a	50\nvalue	k5	a	70\nvalue	k6	a	40\nvalue	u1	b	90\nvalue	u2	b	80\nvalue	u3	b	85\nvalue	u4	b	70\nvalue	u5	b	60\nsource	k1	a	county-2019.csv	2	2	tester	2021-01-01T00:00:00Z\nsource	k2	a	county-2019.csv	3	2	tester	2021-01-01T00:00:00Z\nsource	k3	a	county-2019.csv	4	2	tester	2021-01-01T00:00:00Z\nsource	k5	a	county-2019.csv	5	2	tester	2021-01-01T00:00:00Z\nsource	k6	a	county-2019.csv	6	2	tester	2021-01-01T00:00:00Z\nsource	u1	b	university-2019.csv	2	2	tester	2021-01-01T00:00:00Z\nsource	u2	b	university-2019.csv	3	2	tester	2021-01-01T00:00:00Z\nsource	u3	b	university-2019.csv	4	2	tester	2021-01-01T00:00:00Z\nsource	u4	b	university-2019.csv	5	2	tester	2021-01-01T00:00:00Z\nsource	u5	b	university-2019.csv	6	2	tester	2021-01-01T00:00:00Z\nresult	k1	counties	60	3	2	0	0	\nresult	k2	counties	80	1	1	0	0	\nresult	k3	counties	50	4	2	0	0	\nresult	k5	counties	70	2	1	0	0	\nresult	k6	counties	40	5	3	0	0	\nresult	u1	research	90	1	1	0	0	\nresult	u2	research	80	2	2	0	0	\nresult	u3	other	85	1	1	0	0	\nresult	u4	other	70	2	2	0	0	\nresult	u5	other	60	3	3	0	0	\ncomputed	k1	2021-01-01T00:00:00Z\ncomputed	k2	2021-01-01T00:00:00Z\ncomputed	k3	2021-01-01T00:00:00Z\ncomputed	k5	2021-01-01T00:00:00Z\ncomputed	k6	2021-01-01T00:00:00Z\ncomputed	u1	2021-01-01T00:00:00Z\ncomputed	u2	2021-01-01T00:00:00Z\ncomputed	u3	2021-01-01T00:00:00Z\ncomputed	u4	2021-01-01T00:00:00Z\ncomputed	u5	2021-01-01T00:00:00Z\nscore	k1	a	60\nscore	k1	total	60\nscore	k2	a	80\nscore	k2	total	80\nscore	k3	a	50\nscore	k3	total	50\nscore	k5	a	70\nscore	k5	total	70\nscore	k6	a	40\nscore	k6	total	40\nscore	u1	b	90\nscore	u1	total	90\nscore	u2	b	80\nscore	u2	total	80\nscore	u3	b	85\nscore	u3	total	85\nscore	u4	b	70\nscore	u4	total	70\nscore	u5	b	60\nscore	u5	total	60\n','\n',char(10)),'8c394888198d0fd6ad5e75a9387c811098da32f50ab8711667c88c40a60b7393','7ca123a15d0a215bf1341eb8c45905dc6e99781ce0f69b779ffb6e95f37c5088');
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
CREATE TABLE unit_years (
  unit_id TEXT NOT NULL REFERENCES units (id),
  year INTEGER NOT NULL,
  name_zh TEXT NOT NULL,
  name_zh_tw TEXT,
  name_en TEXT,
  group_id TEXT REFERENCES peer_groups (id),
  parent_id TEXT REFERENCES units (id),
  PRIMARY KEY (unit_id, year)
);
INSERT INTO unit_years VALUES('k6',2019,'如皋市','如皋市','Rugao','counties','city1');
INSERT INTO unit_years VALUES('u1',2019,'苏州大学','蘇州大學','Soochow University','research',NULL);
INSERT INTO unit_years VALUES('k5',2019,'通州区','通州區','Tongzhou','counties','city1');
INSERT INTO unit_years VALUES('city1',2019,'南通市','南通市','Nantong',NULL,NULL);
INSERT INTO unit_years VALUES('k3',2019,'海门市','海門市','Haimen City','counties','city1');
INSERT INTO unit_years VALUES('u4',2019,'常熟理工学院','常熟理工學院','Changshu Institute of Technology','other',NULL);
INSERT INTO unit_years VALUES('k2',2019,'港闸区','港閘區','Gangzha','counties','city1');
INSERT INTO unit_years VALUES('u3',2019,'苏州科技大学','蘇州科技大學','Suzhou University of Science and Technology','other',NULL);
INSERT INTO unit_years VALUES('k1',2019,'崇川区','崇川區','Chongchuan','counties','city1');
INSERT INTO unit_years VALUES('u2',2019,'南京师范大学','南京師範大學','Nanjing Normal University','research',NULL);
INSERT INTO unit_years VALUES('u5',2019,'淮阴工学院','淮陰工學院','Huaiyin Institute of Technology','other',NULL);
INSERT INTO unit_years VALUES('k6',2020,'如皋市','如皋市','Rugao','counties','city1');
INSERT INTO unit_years VALUES('u1',2020,'苏州大学','蘇州大學','Soochow University','research',NULL);
INSERT INTO unit_years VALUES('k5',2020,'通州区','通州區','Tongzhou','counties','city1');
INSERT INTO unit_years VALUES('k4',2020,'海门区','海門區','Haimen District','counties','city1');
INSERT INTO unit_years VALUES('city1',2020,'南通市','南通市','Nantong',NULL,NULL);
INSERT INTO unit_years VALUES('u4',2020,'常熟理工学院','常熟理工學院','Changshu Institute of Technology','other',NULL);
INSERT INTO unit_years VALUES('u3',2020,'苏州科技大学','蘇州科技大學','Suzhou University of Science and Technology','other',NULL);
INSERT INTO unit_years VALUES('k1',2020,'崇川区','崇川區','Chongchuan','counties','city1');
INSERT INTO unit_years VALUES('u2',2020,'南京师范大学','南京師範大學','Nanjing Normal University','research',NULL);
INSERT INTO unit_years VALUES('u5',2020,'淮阴工学院','淮陰工學院','Huaiyin Institute of Technology','other',NULL);
CREATE TABLE unit_links (
  year INTEGER NOT NULL,
  unit_id TEXT NOT NULL REFERENCES units (id),
  predecessor_id TEXT NOT NULL REFERENCES units (id),
  position INTEGER NOT NULL,
  PRIMARY KEY (year, unit_id, predecessor_id)
);
INSERT INTO unit_links VALUES(2020,'k1','k2',1);
INSERT INTO unit_links VALUES(2020,'k4','k3',1);
CREATE TABLE published_results (
  year INTEGER NOT NULL,
  unit_id TEXT NOT NULL REFERENCES units (id),
  group_id TEXT,
  rank INTEGER NOT NULL DEFAULT 0,
  tier INTEGER NOT NULL DEFAULT 0,
  awards TEXT NOT NULL DEFAULT '',
  total DOUBLE PRECISION,
  source_file TEXT NOT NULL,
  source_row INTEGER NOT NULL,
  PRIMARY KEY (year, unit_id)
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
CREATE TRIGGER units_sealed_delete BEFORE DELETE ON units
WHEN EXISTS (SELECT 1 FROM years y WHERE y.sealed = 1 AND ((OLD.from_year IS NULL OR OLD.from_year <= y.year) AND (OLD.until_year IS NULL OR y.year <= OLD.until_year)))
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE INDEX unit_years_year ON unit_years (year);
CREATE TRIGGER units_sealed_update BEFORE UPDATE ON units
WHEN EXISTS (SELECT 1 FROM years y WHERE y.sealed = 1
AND (((OLD.from_year IS NULL OR OLD.from_year <= y.year) AND (OLD.until_year IS NULL OR y.year <= OLD.until_year)) IS NOT ((NEW.from_year IS NULL OR NEW.from_year <= y.year) AND (NEW.until_year IS NULL OR y.year <= NEW.until_year))
OR ((((OLD.from_year IS NULL OR OLD.from_year <= y.year) AND (OLD.until_year IS NULL OR y.year <= OLD.until_year)) OR EXISTS (SELECT 1 FROM unit_years x
WHERE x.unit_id = OLD.id AND x.year = y.year))
AND (NEW.id IS NOT OLD.id OR NEW.category_id IS NOT OLD.category_id))))
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER unit_years_sealed_insert BEFORE INSERT ON unit_years
WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER unit_years_sealed_update BEFORE UPDATE ON unit_years
WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER unit_years_sealed_delete BEFORE DELETE ON unit_years
WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER unit_links_sealed_insert BEFORE INSERT ON unit_links
WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER unit_links_sealed_update BEFORE UPDATE ON unit_links
WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER unit_links_sealed_delete BEFORE DELETE ON unit_links
WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER published_results_sealed_insert BEFORE INSERT ON published_results
WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year + 1 AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER published_results_sealed_update BEFORE UPDATE ON published_results
WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year + 1, NEW.year + 1) AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER published_results_sealed_delete BEFORE DELETE ON published_results
WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year + 1 AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
COMMIT;
PRAGMA application_id = 1262571336;
PRAGMA user_version = 5;
