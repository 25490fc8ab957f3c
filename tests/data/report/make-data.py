#!/usr/bin/env python3
# Writes the small report-test project's inputs: units.csv, framework-YYYY.xml and
# data-YYYY.csv for 2018-2020. Deterministic (fixed seed); run from this directory.
import random

rnd = random.Random(20210401)
first = "东西南北安永兴平宁江河山阳泰华新清和丰长"
second = "城湖海林川口桥港原台"
names = []
for a in first:
    for b in second:
        names.append(a + b + "县")
rnd.shuffle(names)
plain = names[:48]
hill = names[48:60]
# one long name to exercise wrapping in the unit column
plain[7] = "江北新区高新技术产业开发区管理委员会"

with open("units.csv", "w", encoding="utf-8") as f:
    f.write("id,name_zh,name_en,category,group,from_year,until_year,successor\n")
    for i, n in enumerate(plain, 1):
        f.write(f"p{i:02d},{n},,county,plain,,,\n")
    for i, n in enumerate(hill, 1):
        f.write(f"h{i:02d},{n},,county,hill,,,\n")

FW = """<?xml version="1.0" encoding="UTF-8"?>
<framework xmlns="https://kaohe.github.io/ns/framework/1" id="report-test-{year}" year="{year}" category="county">
  <title lang="zh-CN">报告测试县（市、区）综合考核指标体系</title>
  <title lang="en">Report test: counties</title>
  <groups>
    <group id="plain">
      <name lang="zh-CN">平原组</name>
      <name lang="en">Plain counties</name>
      <tiers mode="count" values="10 20">
        <tier><name lang="zh-CN">第一等次</name></tier>
        <tier><name lang="zh-CN">第二等次</name></tier>
        <tier><name lang="zh-CN">第三等次</name></tier>
      </tiers>
      <award id="advance_plain" most="true">
        <name lang="zh-CN">争先进位奖</name>
      </award>
    </group>
    <group id="hill">
      <name lang="zh-CN">丘陵组</name>
      <name lang="en">Hill counties</name>
      <tiers mode="count" values="3 5">
        <tier><name lang="zh-CN">第一等次</name></tier>
        <tier><name lang="zh-CN">第二等次</name></tier>
        <tier><name lang="zh-CN">第三等次</name></tier>
      </tiers>
      <award id="advance_hill" most="true">
        <name lang="zh-CN">争先进位奖</name>
      </award>
    </group>
  </groups>
  <root id="total">
    <name lang="zh-CN">综合考核总分</name>
    <paper id="development" points="70">
      <name lang="zh-CN">高质量发展成效</name>
      <dimension id="economy" points="30">
        <name lang="zh-CN">经济发展</name>
        <indicator id="gdp_growth" points="15"><name lang="zh-CN">地区生产总值增速</name><scoring method="minmax"/></indicator>
        <indicator id="revenue_growth" points="15"><name lang="zh-CN">一般公共预算收入增速</name><scoring method="minmax"/></indicator>
      </dimension>
      <dimension id="ecology" points="20">
        <name lang="zh-CN">生态环境</name>
        <indicator id="pm25" points="10" direction="lower"><name lang="zh-CN">PM2.5年均浓度</name><scoring method="goalposts" lo="60" hi="30"/></indicator>
        <indicator id="water" points="10"><name lang="zh-CN">地表水优Ⅲ类比例</name><scoring method="minmax"/></indicator>
      </dimension>
      <dimension id="livelihood" points="20">
        <name lang="zh-CN">人民生活</name>
        <indicator id="income_growth" points="20"><name lang="zh-CN">居民人均可支配收入增速</name><scoring method="minmax"/></indicator>
      </dimension>
    </paper>
    <paper id="party" points="15">
      <name lang="zh-CN">党的建设成效</name>
      <indicator id="party_building" points="15"><name lang="zh-CN">党建考核得分</name><scoring method="minmax" a="9" b="15"/></indicator>
    </paper>
    <paper id="satisfaction" points="15">
      <name lang="zh-CN">满意度评价</name>
      <indicator id="public_satisfaction" points="15"><name lang="zh-CN">群众满意度</name><scoring method="satisfaction" floor="60"/></indicator>
    </paper>
  </root>
</framework>
"""
name_of = {f"p{i:02d}": n for i, n in enumerate(plain, 1)}
name_of.update({f"h{i:02d}": n for i, n in enumerate(hill, 1)})
fields = ["gdp_growth", "revenue_growth", "pm25", "water", "income_growth", "party_building", "public_satisfaction"]
units = [f"p{i:02d}" for i in range(1, 49)] + [f"h{i:02d}" for i in range(1, 13)]
base = {u: [rnd.uniform(4, 9), rnd.uniform(2, 10), rnd.uniform(32, 55), rnd.uniform(60, 95),
            rnd.uniform(5, 9), rnd.uniform(70, 100), rnd.uniform(80, 97)] for u in units}
for year in (2018, 2019, 2020):
    with open(f"framework-{year}.xml", "w", encoding="utf-8") as f:
        f.write(FW.format(year=year))
    with open(f"data-{year}.csv", "w", encoding="utf-8") as f:
        f.write("unit,name,group," + ",".join(fields) + "\n")
        for u in units:
            vals = [v + rnd.uniform(-1.5, 1.5) for v in base[u]]
            group = "plain" if u.startswith("p") else "hill"
            f.write(u + "," + name_of[u] + "," + group + "," + ",".join(f"{v:.2f}" for v in vals) + "\n")
