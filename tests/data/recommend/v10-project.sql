-- A project of format 10 (main at 41c4ff4, when a seal's snapshot was of format 4 and did
-- not cover the entered "321" lists), made with kaohe-cli of that version from this
-- directory (KAOHE_USER=tester SOURCE_DATE_EPOCH=1609459200):
--   kaohe-cli new P; kaohe-cli import P --units units.csv
--   for Y in 2019 2020, C in city county: kaohe-cli import P --year Y --framework C-Y.xml,
--     kaohe-cli import P --year Y C-Y.csv
--   kaohe-cli recommend P --year 2019 --city city1 --counties k5,k1
--   kaohe-cli recommend P --year 2019 --city city2 --counties ""
--   kaohe-cli recommend P --year 2020 --city city1 --counties k6
--   kaohe-cli recommend P --year 2020 --city city2 --counties t2,k1
--   kaohe-cli seal P --year 2019 (computed and sealed: a seal of format 4); 2020 neither
-- sqlite3 .dump, plus the two pragmas the dump leaves out.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE categories (
  id TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT
);
INSERT INTO categories VALUES('city','city',NULL);
INSERT INTO categories VALUES('county','county',NULL);
CREATE TABLE peer_groups (
  id TEXT PRIMARY KEY,
  category_id TEXT NOT NULL REFERENCES categories (id),
  name_zh TEXT NOT NULL,
  name_en TEXT
);
INSERT INTO peer_groups VALUES('cities','city','设区市',NULL);
INSERT INTO peer_groups VALUES('counties','county','县（市、区）',NULL);
CREATE TABLE units (
  id TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_zh_tw TEXT,
  name_en TEXT,
  category_id TEXT NOT NULL REFERENCES categories (id),
  group_id TEXT REFERENCES peer_groups (id),
  from_year INTEGER,
  until_year INTEGER,
  successor_id TEXT REFERENCES units (id), audit_seq INTEGER, parent_id TEXT, short_name TEXT,
  CHECK (from_year IS NULL OR until_year IS NULL OR from_year <= until_year)
);
INSERT INTO units VALUES('city1','南通市','南通市','Nantong','city','cities',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO units VALUES('city2','泰州市','泰州市','Taizhou','city','cities',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO units VALUES('k1','崇川区','崇川區','Chongchuan','county','counties',NULL,NULL,NULL,NULL,'city1',NULL);
INSERT INTO units VALUES('k5','通州区','通州區','Tongzhou','county','counties',NULL,NULL,NULL,NULL,'city1',NULL);
INSERT INTO units VALUES('k6','如皋市','如皋市','Rugao','county','counties',NULL,NULL,NULL,NULL,'city1',NULL);
INSERT INTO units VALUES('t1','海陵区','海陵區','Hailing','county','counties',NULL,NULL,NULL,NULL,'city2',NULL);
INSERT INTO units VALUES('t2','靖江市','靖江市','Jingjiang','county','counties',NULL,NULL,NULL,NULL,'city2',NULL);
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
INSERT INTO frameworks VALUES(2019,'city',replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="recommend-city-2019" year="2019" category="city">\n  <title lang="zh-CN">设区市测试指标体系</title>\n  <groups>\n    <group id="cities">\n      <name lang="zh-CN">设区市</name>\n      <tiers mode="count" count="2" values="1"/>\n      <quota id="q321" target-category="county" counts="2 1" select="rank" max-tier="2"/>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="a" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)),3);
INSERT INTO frameworks VALUES(2019,'county',replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="recommend-county-2019" year="2019" category="county">\n  <title lang="zh-CN">县（市、区）测试指标体系</title>\n  <groups>\n    <group id="counties">\n      <name lang="zh-CN">县（市、区）</name>\n      <tiers mode="count" values="2 2"/>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="a" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)),5);
INSERT INTO frameworks VALUES(2020,'city',replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="recommend-city-2020" year="2020" category="city">\n  <title lang="zh-CN">设区市测试指标体系</title>\n  <groups>\n    <group id="cities">\n      <name lang="zh-CN">设区市</name>\n      <tiers mode="count" count="2" values="1"/>\n      <quota id="q321" target-category="county" counts="2 1" select="rank" max-tier="2"/>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="a" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)),7);
INSERT INTO frameworks VALUES(2020,'county',replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="recommend-county-2020" year="2020" category="county">\n  <title lang="zh-CN">县（市、区）测试指标体系</title>\n  <groups>\n    <group id="counties">\n      <name lang="zh-CN">县（市、区）</name>\n      <tiers mode="count" values="2 2"/>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="a" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)),9);
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
INSERT INTO data_values VALUES(2019,'city1','a',90.0,'city-2019.csv',2,2,'tester','2021-01-01T00:00:00Z',4);
INSERT INTO data_values VALUES(2019,'city2','a',60.0,'city-2019.csv',3,2,'tester','2021-01-01T00:00:00Z',4);
INSERT INTO data_values VALUES(2019,'k1','a',80.0,'county-2019.csv',2,2,'tester','2021-01-01T00:00:00Z',6);
INSERT INTO data_values VALUES(2019,'k5','a',70.0,'county-2019.csv',3,2,'tester','2021-01-01T00:00:00Z',6);
INSERT INTO data_values VALUES(2019,'k6','a',60.0,'county-2019.csv',4,2,'tester','2021-01-01T00:00:00Z',6);
INSERT INTO data_values VALUES(2019,'t1','a',75.0,'county-2019.csv',5,2,'tester','2021-01-01T00:00:00Z',6);
INSERT INTO data_values VALUES(2019,'t2','a',50.0,'county-2019.csv',6,2,'tester','2021-01-01T00:00:00Z',6);
INSERT INTO data_values VALUES(2020,'city1','a',85.0,'city-2020.csv',2,2,'tester','2021-01-01T00:00:00Z',8);
INSERT INTO data_values VALUES(2020,'city2','a',70.0,'city-2020.csv',3,2,'tester','2021-01-01T00:00:00Z',8);
INSERT INTO data_values VALUES(2020,'k1','a',78.0,'county-2020.csv',2,2,'tester','2021-01-01T00:00:00Z',10);
INSERT INTO data_values VALUES(2020,'k5','a',66.0,'county-2020.csv',3,2,'tester','2021-01-01T00:00:00Z',10);
INSERT INTO data_values VALUES(2020,'k6','a',71.0,'county-2020.csv',4,2,'tester','2021-01-01T00:00:00Z',10);
INSERT INTO data_values VALUES(2020,'t1','a',74.0,'county-2020.csv',5,2,'tester','2021-01-01T00:00:00Z',10);
INSERT INTO data_values VALUES(2020,'t2','a',52.0,'county-2020.csv',6,2,'tester','2021-01-01T00:00:00Z',10);
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
INSERT INTO results VALUES(2019,'city1','cities',90.0,1,1,0,0,'','2021-01-01T00:00:00Z',15);
INSERT INTO results VALUES(2019,'city2','cities',60.0,2,2,0,0,'','2021-01-01T00:00:00Z',15);
INSERT INTO results VALUES(2019,'k1','counties',80.0,1,1,0,0,'','2021-01-01T00:00:00Z',15);
INSERT INTO results VALUES(2019,'k5','counties',70.0,3,2,0,0,'','2021-01-01T00:00:00Z',15);
INSERT INTO results VALUES(2019,'k6','counties',60.0,4,2,0,0,'','2021-01-01T00:00:00Z',15);
INSERT INTO results VALUES(2019,'t1','counties',75.0,2,1,0,0,'','2021-01-01T00:00:00Z',15);
INSERT INTO results VALUES(2019,'t2','counties',50.0,5,3,0,0,'','2021-01-01T00:00:00Z',15);
CREATE TABLE result_scores (
  year INTEGER NOT NULL,
  unit_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  score DOUBLE PRECISION,
  PRIMARY KEY (year, unit_id, node_id),
  FOREIGN KEY (year, unit_id) REFERENCES results (year, unit_id) ON DELETE CASCADE
);
INSERT INTO result_scores VALUES(2019,'city1','total',90.0);
INSERT INTO result_scores VALUES(2019,'city1','a',90.0);
INSERT INTO result_scores VALUES(2019,'city2','total',60.0);
INSERT INTO result_scores VALUES(2019,'city2','a',60.0);
INSERT INTO result_scores VALUES(2019,'k1','total',80.0);
INSERT INTO result_scores VALUES(2019,'k1','a',80.0);
INSERT INTO result_scores VALUES(2019,'k5','total',70.0);
INSERT INTO result_scores VALUES(2019,'k5','a',70.0);
INSERT INTO result_scores VALUES(2019,'k6','total',60.0);
INSERT INTO result_scores VALUES(2019,'k6','a',60.0);
INSERT INTO result_scores VALUES(2019,'t1','total',75.0);
INSERT INTO result_scores VALUES(2019,'t1','a',75.0);
INSERT INTO result_scores VALUES(2019,'t2','total',50.0);
INSERT INTO result_scores VALUES(2019,'t2','a',50.0);
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
INSERT INTO audit_log VALUES(1,'2021-01-01T00:00:00Z','tester','create',NULL,'schema=10','0000000000000000000000000000000000000000000000000000000000000000','95434b2f1c65645b0af07301f39d457c92b645f51c62fd21669a3e077e857bbb');
INSERT INTO audit_log VALUES(2,'2021-01-01T00:00:00Z','tester','units',NULL,replace('file=units.csv\nlayout=per-unit\nunits=7\ncity1	南通市	南通市	Nantong	city	cities				\ncity2	泰州市	泰州市	Taizhou	city	cities				\nk1	崇川区	崇川區	Chongchuan	county	counties	city1			\nk5	通州区	通州區	Tongzhou	county	counties	city1			\nk6	如皋市	如皋市	Rugao	county	counties	city1			\nt1	海陵区	海陵區	Hailing	county	counties	city2			\nt2	靖江市	靖江市	Jingjiang	county	counties	city2			','\n',char(10)),'95434b2f1c65645b0af07301f39d457c92b645f51c62fd21669a3e077e857bbb','05363097ef627f7bf728eb35045f0f75b36de1770b8d3e1d04699a1b38e7bb24');
INSERT INTO audit_log VALUES(3,'2021-01-01T00:00:00Z','tester','framework',2019,replace('file=city-2019.xml\ncategory=city\nid=recommend-city-2019\nversion=\nsha256=883a93989294c82cd5b3663a7a66889ea25b2aa75dc7e9175736693b38daba27','\n',char(10)),'05363097ef627f7bf728eb35045f0f75b36de1770b8d3e1d04699a1b38e7bb24','316082f788bdee006a817ad5fefca8c4790c2d6ce56710e0b8d4b067de095010');
INSERT INTO audit_log VALUES(4,'2021-01-01T00:00:00Z','tester','import',2019,replace('file=city-2019.csv\nlayout=wide\nencoding=UTF-8\nvalues=2\nsha256=7dfd46766fb889adebc15fca38dbc31df11d8aa0716f65d8009f61bfbab32daa','\n',char(10)),'316082f788bdee006a817ad5fefca8c4790c2d6ce56710e0b8d4b067de095010','786c473841d10d40ee9eeb5fe337065b742699ab7be01090259cc531158a842e');
INSERT INTO audit_log VALUES(5,'2021-01-01T00:00:00Z','tester','framework',2019,replace('file=county-2019.xml\ncategory=county\nid=recommend-county-2019\nversion=\nsha256=c830ee28614506770efac627e1e2bf81b59d954c0daace98e026ea63533b8c07','\n',char(10)),'786c473841d10d40ee9eeb5fe337065b742699ab7be01090259cc531158a842e','5badb5a5664026e3122d78655af230973eb63cfd5dbcbcde6455e2c3b9786e44');
INSERT INTO audit_log VALUES(6,'2021-01-01T00:00:00Z','tester','import',2019,replace('file=county-2019.csv\nlayout=wide\nencoding=UTF-8\nvalues=5\nsha256=32a921f14739661ab87dc01c3d4e2659d82752635d1e10fdc02291d1676e4703','\n',char(10)),'5badb5a5664026e3122d78655af230973eb63cfd5dbcbcde6455e2c3b9786e44','38b0f8b5d4fe914963bcde8ea88c22f2bb4c9851f8b79a95e5ef59ae04606fb0');
INSERT INTO audit_log VALUES(7,'2021-01-01T00:00:00Z','tester','framework',2020,replace('file=city-2020.xml\ncategory=city\nid=recommend-city-2020\nversion=\nsha256=650506c652c9216508fc4b870c9a9359e9dc0740b63d55c07e007cbb49598a9a','\n',char(10)),'38b0f8b5d4fe914963bcde8ea88c22f2bb4c9851f8b79a95e5ef59ae04606fb0','bb6d912a241da550b05cad37be5a07909d9325ba175349965033f0b02b774fac');
INSERT INTO audit_log VALUES(8,'2021-01-01T00:00:00Z','tester','import',2020,replace('file=city-2020.csv\nlayout=wide\nencoding=UTF-8\nvalues=2\nsha256=7ab874e35721daac910ab2285a8b03f82689536d96a62acf00e5c98c777c90d9','\n',char(10)),'bb6d912a241da550b05cad37be5a07909d9325ba175349965033f0b02b774fac','cb7c511257cf2cddbdb5fc4a9344b540559c3c8d4ac20653ea2cae1240128362');
INSERT INTO audit_log VALUES(9,'2021-01-01T00:00:00Z','tester','framework',2020,replace('file=county-2020.xml\ncategory=county\nid=recommend-county-2020\nversion=\nsha256=fd68f8743bc85c506600915fecefd0d3c44e1ab6667b9034db33a6f10f3ebec8','\n',char(10)),'cb7c511257cf2cddbdb5fc4a9344b540559c3c8d4ac20653ea2cae1240128362','622262231a55ca870c5880c073a88f52fb9eed246220285f2cdf81d0ca41e3f8');
INSERT INTO audit_log VALUES(10,'2021-01-01T00:00:00Z','tester','import',2020,replace('file=county-2020.csv\nlayout=wide\nencoding=UTF-8\nvalues=5\nsha256=e6d7cd3658903aac98f57af8c2d0cec6dd5d94b9e184e151f3efa92dde8704f3','\n',char(10)),'622262231a55ca870c5880c073a88f52fb9eed246220285f2cdf81d0ca41e3f8','dc5e29ae694514de6ef4e35dc8760409dba8ea19289f49ee54b3a95c02e6061a');
INSERT INTO audit_log VALUES(11,'2021-01-01T00:00:00Z','tester','recommendation',2019,replace('category=county\nparent=city1\nunits=k5,k1','\n',char(10)),'dc5e29ae694514de6ef4e35dc8760409dba8ea19289f49ee54b3a95c02e6061a','5aa770f97a5b9fc4f281198f995c6362609f709cbc0381b638182108423c09e3');
INSERT INTO audit_log VALUES(12,'2021-01-01T00:00:00Z','tester','recommendation',2019,replace('category=county\nparent=city2\nunits=','\n',char(10)),'5aa770f97a5b9fc4f281198f995c6362609f709cbc0381b638182108423c09e3','71f52047fe5a184aac21745d550b6a3f89938cd4f2acd6d798ef5efe672f0806');
INSERT INTO audit_log VALUES(13,'2021-01-01T00:00:00Z','tester','recommendation',2020,replace('category=county\nparent=city1\nunits=k6','\n',char(10)),'71f52047fe5a184aac21745d550b6a3f89938cd4f2acd6d798ef5efe672f0806','666c445895b01425229d1cc33e4d3e68f0820a201578dccb9b35632fec649c11');
INSERT INTO audit_log VALUES(14,'2021-01-01T00:00:00Z','tester','recommendation',2020,replace('category=county\nparent=city2\nunits=t2,k1','\n',char(10)),'666c445895b01425229d1cc33e4d3e68f0820a201578dccb9b35632fec649c11','86729922b307dba9f30acf079bb37222f9b3fc7d64ffaa27459a0657b7645f1a');
INSERT INTO audit_log VALUES(15,'2021-01-01T00:00:00Z','tester','compute',2019,replace('results=7\nsha256=7b81b21682f7d1699c6ed9e238f5bdd3fa413927d766d1bbe581a4a5b8e129f7','\n',char(10)),'86729922b307dba9f30acf079bb37222f9b3fc7d64ffaa27459a0657b7645f1a','a1e13ded4765a984717967168743ea2949860b3ddf9d63a38499715ff45d5cf5');
INSERT INTO audit_log VALUES(16,'2021-01-01T00:00:00Z','tester','seal',2019,replace('kaohe-seal	4\nschema	10	7e952e7bcaec161ce755f4c521f35e825587c3aeb0455aac5ce36f254726964e\nframework	city	883a93989294c82cd5b3663a7a66889ea25b2aa75dc7e9175736693b38daba27\nframework	county	c830ee28614506770efac627e1e2bf81b59d954c0daace98e026ea63533b8c07\nunit	city1	city	南通市	南通市	Nantong	cities		\nunit	city2	city	泰州市	泰州市	Taizhou	cities		\nunit	k1	county	崇川区	崇川區	Chongchuan	counties	city1	\nunit	k5	county	通州区	通州區	Tongzhou	counties	city1	\nunit	k6	county	如皋市	如皋市	Rugao	counties	city1	\nunit	t1	county	海陵区	海陵區	Hailing	counties	city2	\nunit	t2	county	靖江市	靖江市	Jingjiang	counties	city2	\nvalue	city1	a	90\nvalue	city2	a	60\nvalue	k1	a	80\nvalue	k5	a	70\nvalue	k6	a	60\nvalue	t1	a	75\nvalue	t2	a	50\nsource	city1	a	city-2019.csv	2	2	tester	2021-01-01T00:00:00Z\nsource	city2	a	city-2019.csv	3	2	tester	2021-01-01T00:00:00Z\nsource	k1	a	county-2019.csv	2	2	tester	2021-01-01T00:00:00Z\nsource	k5	a	county-2019.csv	3	2	tester	2021-01-01T00:00:00Z\nsource	k6	a	county-2019.csv	4	2	tester	2021-01-01T00:00:00Z\nsource	t1	a	county-2019.csv	5	2	tester	2021-01-01T00:00:00Z\nsource	t2	a	county-2019.csv	6	2	tester	2021-01-01T00:00:00Z\nresult	city1	cities	90	1	1	0	0	\nresult	city2	cities	60	2	2	0	0	\nresult	k1	counties	80	1	1	0	0	\nresult	k5	counties	70	3	2	0	0	\nresult	k6	counties	60	4	2	0	0	\nresult	t1	counties	75	2	1	0	0	\nresult	t2	counties	50	5	3	0	0	\ncomputed	city1	2021-01-01T00:00:00Z\ncomputed	city2	2021-01-01T00:00:00Z\ncomputed	k1	2021-01-01T00:00:00Z\ncomputed	k5	2021-01-01T00:00:00Z\ncomputed	k6	2021-01-01T00:00:00Z\ncomputed	t1	2021-01-01T00:00:00Z\ncomputed	t2	2021-01-01T00:00:00Z\nscore	city1	a	90\nscore	city1	total	90\nscore	city2	a	60\nscore	city2	total	60\nscore	k1	a	80\nscore	k1	total	80\nscore	k5	a	70\nscore	k5	total	70\nscore	k6	a	60\nscore	k6	total	60\nscore	t1	a	75\nscore	t1	total	75\nscore	t2	a	50\nscore	t2	total	50\n','\n',char(10)),'a1e13ded4765a984717967168743ea2949860b3ddf9d63a38499715ff45d5cf5','4b5c845c790059b2f72da37ecfcb145de58dfacd2cec3ae04c461441713d5641');
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
  parent_id TEXT REFERENCES units (id), short_name TEXT,
  PRIMARY KEY (unit_id, year)
);
INSERT INTO unit_years VALUES('k6',2019,'如皋市','如皋市','Rugao','counties','city1',NULL);
INSERT INTO unit_years VALUES('city2',2019,'泰州市','泰州市','Taizhou','cities',NULL,NULL);
INSERT INTO unit_years VALUES('k1',2019,'崇川区','崇川區','Chongchuan','counties','city1',NULL);
INSERT INTO unit_years VALUES('k5',2019,'通州区','通州區','Tongzhou','counties','city1',NULL);
INSERT INTO unit_years VALUES('city1',2019,'南通市','南通市','Nantong','cities',NULL,NULL);
INSERT INTO unit_years VALUES('t2',2019,'靖江市','靖江市','Jingjiang','counties','city2',NULL);
INSERT INTO unit_years VALUES('t1',2019,'海陵区','海陵區','Hailing','counties','city2',NULL);
INSERT INTO unit_years VALUES('k6',2020,'如皋市','如皋市','Rugao','counties','city1',NULL);
INSERT INTO unit_years VALUES('city2',2020,'泰州市','泰州市','Taizhou','cities',NULL,NULL);
INSERT INTO unit_years VALUES('k1',2020,'崇川区','崇川區','Chongchuan','counties','city1',NULL);
INSERT INTO unit_years VALUES('k5',2020,'通州区','通州區','Tongzhou','counties','city1',NULL);
INSERT INTO unit_years VALUES('city1',2020,'南通市','南通市','Nantong','cities',NULL,NULL);
INSERT INTO unit_years VALUES('t2',2020,'靖江市','靖江市','Jingjiang','counties','city2',NULL);
INSERT INTO unit_years VALUES('t1',2020,'海陵区','海陵區','Hailing','counties','city2',NULL);
CREATE TABLE unit_links (
  year INTEGER NOT NULL,
  unit_id TEXT NOT NULL REFERENCES units (id),
  predecessor_id TEXT NOT NULL REFERENCES units (id),
  position INTEGER NOT NULL,
  PRIMARY KEY (year, unit_id, predecessor_id)
);
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
CREATE TABLE unit_aliases (
  unit_id TEXT NOT NULL REFERENCES units (id),
  alias TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (unit_id, alias)
);
CREATE TABLE sensitivity_specs (
  year INTEGER NOT NULL REFERENCES years (year),
  category_id TEXT NOT NULL REFERENCES categories (id),
  spec TEXT NOT NULL,
  edited_by TEXT NOT NULL,
  edited_at TEXT NOT NULL,
  PRIMARY KEY (year, category_id)
);
CREATE TABLE framework_versions (
  year INTEGER NOT NULL REFERENCES years (year),
  category_id TEXT NOT NULL REFERENCES categories (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  xml TEXT NOT NULL,
  saved_by TEXT NOT NULL,
  saved_at TEXT NOT NULL,
  source TEXT NOT NULL,
  audit_seq INTEGER,
  PRIMARY KEY (year, category_id, version)
);
INSERT INTO framework_versions VALUES(2019,'city',1,replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="recommend-city-2019" year="2019" category="city">\n  <title lang="zh-CN">设区市测试指标体系</title>\n  <groups>\n    <group id="cities">\n      <name lang="zh-CN">设区市</name>\n      <tiers mode="count" count="2" values="1"/>\n      <quota id="q321" target-category="county" counts="2 1" select="rank" max-tier="2"/>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="a" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)),'tester','2021-01-01T00:00:00Z','city-2019.xml',3);
INSERT INTO framework_versions VALUES(2019,'county',1,replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="recommend-county-2019" year="2019" category="county">\n  <title lang="zh-CN">县（市、区）测试指标体系</title>\n  <groups>\n    <group id="counties">\n      <name lang="zh-CN">县（市、区）</name>\n      <tiers mode="count" values="2 2"/>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="a" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)),'tester','2021-01-01T00:00:00Z','county-2019.xml',5);
INSERT INTO framework_versions VALUES(2020,'city',1,replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="recommend-city-2020" year="2020" category="city">\n  <title lang="zh-CN">设区市测试指标体系</title>\n  <groups>\n    <group id="cities">\n      <name lang="zh-CN">设区市</name>\n      <tiers mode="count" count="2" values="1"/>\n      <quota id="q321" target-category="county" counts="2 1" select="rank" max-tier="2"/>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="a" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)),'tester','2021-01-01T00:00:00Z','city-2020.xml',7);
INSERT INTO framework_versions VALUES(2020,'county',1,replace('<?xml version="1.0" encoding="UTF-8"?>\n<framework xmlns="https://kaohe.github.io/ns/framework/1" id="recommend-county-2020" year="2020" category="county">\n  <title lang="zh-CN">县（市、区）测试指标体系</title>\n  <groups>\n    <group id="counties">\n      <name lang="zh-CN">县（市、区）</name>\n      <tiers mode="count" values="2 2"/>\n    </group>\n  </groups>\n  <root id="total">\n    <indicator id="a" points="100"><scoring method="goalposts" lo="0" hi="100"/></indicator>\n  </root>\n</framework>\n','\n',char(10)),'tester','2021-01-01T00:00:00Z','county-2020.xml',9);
CREATE TABLE recommendation_lists (
  year INTEGER NOT NULL REFERENCES years (year),
  category_id TEXT NOT NULL REFERENCES categories (id),
  parent_id TEXT NOT NULL REFERENCES units (id),
  entered_by TEXT NOT NULL,
  entered_at TEXT NOT NULL,
  PRIMARY KEY (year, category_id, parent_id)
);
INSERT INTO recommendation_lists VALUES(2019,'county','city1','tester','2021-01-01T00:00:00Z');
INSERT INTO recommendation_lists VALUES(2019,'county','city2','tester','2021-01-01T00:00:00Z');
INSERT INTO recommendation_lists VALUES(2020,'county','city1','tester','2021-01-01T00:00:00Z');
INSERT INTO recommendation_lists VALUES(2020,'county','city2','tester','2021-01-01T00:00:00Z');
CREATE TABLE recommendation_units (
  year INTEGER NOT NULL,
  category_id TEXT NOT NULL,
  parent_id TEXT NOT NULL,
  position INTEGER NOT NULL CHECK (position >= 1),
  unit_id TEXT NOT NULL REFERENCES units (id),
  PRIMARY KEY (year, category_id, parent_id, position),
  FOREIGN KEY (year, category_id, parent_id)
    REFERENCES recommendation_lists (year, category_id, parent_id)
);
INSERT INTO recommendation_units VALUES(2019,'county','city1',1,'k5');
INSERT INTO recommendation_units VALUES(2019,'county','city1',2,'k1');
INSERT INTO recommendation_units VALUES(2020,'county','city1',1,'k6');
INSERT INTO recommendation_units VALUES(2020,'county','city2',1,'t2');
INSERT INTO recommendation_units VALUES(2020,'county','city2',2,'k1');
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
CREATE INDEX unit_aliases_alias ON unit_aliases (alias);
CREATE TRIGGER framework_versions_no_update BEFORE UPDATE ON framework_versions
BEGIN SELECT RAISE (ABORT, 'framework versions do not change'); END;
CREATE TRIGGER framework_versions_sealed_insert BEFORE INSERT ON framework_versions
WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER framework_versions_sealed_delete BEFORE DELETE ON framework_versions
WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE INDEX data_values_read ON data_values (year, unit_id, field, value);
CREATE TRIGGER recommendation_lists_sealed_insert BEFORE INSERT ON recommendation_lists
WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER recommendation_lists_sealed_update BEFORE UPDATE ON recommendation_lists
WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER recommendation_lists_sealed_delete BEFORE DELETE ON recommendation_lists
WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER recommendation_units_sealed_insert BEFORE INSERT ON recommendation_units
WHEN EXISTS (SELECT 1 FROM years WHERE year = NEW.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER recommendation_units_sealed_update BEFORE UPDATE ON recommendation_units
WHEN EXISTS (SELECT 1 FROM years WHERE year IN (OLD.year, NEW.year) AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
CREATE TRIGGER recommendation_units_sealed_delete BEFORE DELETE ON recommendation_units
WHEN EXISTS (SELECT 1 FROM years WHERE year = OLD.year AND sealed = 1)
BEGIN SELECT RAISE (ABORT, 'sealed year'); END;
COMMIT;
PRAGMA application_id = 1262571336;
PRAGMA user_version = 10;
