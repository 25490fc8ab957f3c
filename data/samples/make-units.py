#!/usr/bin/env python3
# make-units.py — write data/samples/units.csv, the units of the Jiangsu sample
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   python3 data/samples/make-units.py data/samples/units.csv
#
# 13 prefecture-level cities (ids: pinyin slugs, as the frameworks' `applies` name them),
# 97 county-level units (96 in 2018–2019, 95 from 2020: 港闸区 until 2019, succeeded by
# 崇川区; 海门市 until 2019, succeeded by 海门区), 73 provincial universities in four
# peer groups and 99 provincial agencies in five functional groups; a county's parent is
# its city (the "321" quota of a city's tier counts its counties). Sources of the
# names: SOURCES.md. Columns as `kaohe-cli import --units` reads them. The traditional
# names (name_zh_tw) are OpenCC's character conversion (s2t, so `opencc` must be on PATH),
# with the Taiwan-standard forms of a few characters; the city names agree with
# ../shared/reference/jiangsu-units.md (蘇州市, 無錫市, 連雲港市, 鹽城市 …).
import csv, subprocess, sys
AGENCY_EN={'省委办公厅': 'General Office of the Provincial Party Committee', '省人大常委会办公厅': "General Office of the Standing Committee of the Provincial People's Congress", '省政府办公厅': 'General Office of the Provincial Government', '省政协办公厅': 'General Office of the Provincial CPPCC Committee', '省纪委监委机关': 'Provincial Commission for Discipline Inspection and Supervisory Commission', '省委组织部': 'Organization Department of the Provincial Party Committee', '省委宣传部': 'Publicity Department of the Provincial Party Committee', '省委统战部': 'United Front Work Department of the Provincial Party Committee', '省委研究室': 'Policy Research Office of the Provincial Party Committee', '省委网信办': 'Cyberspace Affairs Office of the Provincial Party Committee', '省委编办': 'Institutional Organization Commission Office', '省委台办': 'Taiwan Affairs Office of the Provincial Party Committee', '省委老干部局': 'Veteran Cadres Bureau of the Provincial Party Committee', '省委党校': 'Party School of the Provincial Party Committee', '省档案馆': 'Provincial Archives', '省级机关工委': 'Work Committee for Provincial Organs', '省机关事务管理局': 'Government Offices Administration', '省外办': 'Foreign Affairs Office', '省政府研究室': 'Research Office of the Provincial Government', '省政府参事室': "Counsellors' Office of the Provincial Government", '省委巡视办': 'Inspection Office of the Provincial Party Committee', '省委改革办': 'Reform Office of the Provincial Party Committee', '省委党史工办': 'Party History Office of the Provincial Party Committee', '省委机要局': 'Confidential Communications Bureau', '省政府驻北京办事处': 'Liaison Office of the Provincial Government in Beijing', '省委军民融合办': 'Military-Civilian Integration Office', '省委保密办': 'Secrecy Office of the Provincial Party Committee', '省发展改革委': 'Development and Reform Commission', '省工业和信息化厅': 'Department of Industry and Information Technology', '省财政厅': 'Department of Finance', '省自然资源厅': 'Department of Natural Resources', '省生态环境厅': 'Department of Ecology and Environment', '省住房城乡建设厅': 'Department of Housing and Urban-Rural Development', '省交通运输厅': 'Department of Transport', '省水利厅': 'Department of Water Resources', '省农业农村厅': 'Department of Agriculture and Rural Affairs', '省商务厅': 'Department of Commerce', '省审计厅': 'Audit Office', '省国资委': 'State-owned Assets Supervision and Administration Commission', '省市场监管局': 'Administration for Market Regulation', '省统计局': 'Bureau of Statistics', '省地方金融监管局': 'Local Financial Supervision and Administration Bureau', '省粮食和物资储备局': 'Food and Strategic Reserves Bureau', '省能源局': 'Energy Administration', '省科技厅': 'Department of Science and Technology', '省供销合作总社': 'Federation of Supply and Marketing Cooperatives', '省药品监管局': 'Medical Products Administration', '省地质局': 'Geological Bureau', '省产业技术研究院': 'Industrial Technology Research Institute', '省教育厅': 'Department of Education', '省民政厅': 'Department of Civil Affairs', '省人力资源社会保障厅': 'Department of Human Resources and Social Security', '省文化和旅游厅': 'Department of Culture and Tourism', '省卫生健康委': 'Health Commission', '省退役军人事务厅': 'Department of Veterans Affairs', '省应急管理厅': 'Department of Emergency Management', '省体育局': 'Sports Bureau', '省医疗保障局': 'Healthcare Security Administration', '省广电局': 'Radio and Television Administration', '省民族宗教委': 'Ethnic and Religious Affairs Commission', '省地方志办': 'Local Chronicles Office', '省社科院': 'Academy of Social Sciences', '省农科院': 'Academy of Agricultural Sciences', '省人防办': 'Civil Air Defence Office', '省政务服务办': 'Government Services Office', '省扶贫办': 'Poverty Alleviation Office', '省文物局': 'Cultural Heritage Bureau', '省社会主义学院': 'Institute of Socialism', '省中医药管理局': 'Administration of Traditional Chinese Medicine', '省体育科学研究所': 'Research Institute of Sports Science', '省疾控中心': 'Center for Disease Control and Prevention', '省法院': "Higher People's Court", '省检察院': "People's Procuratorate", '省委政法委': 'Political and Legal Affairs Commission', '省公安厅': 'Department of Public Security', '省司法厅': 'Department of Justice', '省国家安全厅': 'Department of State Security', '省监狱管理局': 'Prison Administration Bureau', '省戒毒管理局': 'Drug Rehabilitation Administration Bureau', '省信访局': 'Bureau for Letters and Calls', '省法学会': 'Law Society', '省总工会': 'Federation of Trade Unions', '团省委': 'Communist Youth League Provincial Committee', '省妇联': "Women's Federation", '省科协': 'Association for Science and Technology', '省侨联': 'Federation of Returned Overseas Chinese', '省残联': "Disabled Persons' Federation", '省文联': 'Federation of Literary and Art Circles', '省作协': "Writers' Association", '省红十字会': 'Red Cross Society', '省贸促会': 'Council for the Promotion of International Trade', '省工商联': 'Federation of Industry and Commerce', '省社科联': 'Federation of Social Science Associations', '省对外友协': "People's Association for Friendship with Foreign Countries", '省台联': 'Federation of Taiwan Compatriots', '省计划生育协会': 'Family Planning Association', '省黄埔军校同学会': 'Whampoa Military Academy Alumni Association', '省欧美同学会': 'Western Returned Scholars Association', '省老区开发促进会': 'Association for the Development of Old Revolutionary Base Areas'}
UNIVERSITY_EN={'苏州大学': 'Soochow University', '南京师范大学': 'Nanjing Normal University', '扬州大学': 'Yangzhou University', '江苏大学': 'Jiangsu University', '南京工业大学': 'Nanjing Tech University', '南京邮电大学': 'Nanjing University of Posts and Telecommunications', '南京医科大学': 'Nanjing Medical University', '南京中医药大学': 'Nanjing University of Chinese Medicine', '南京信息工程大学': 'Nanjing University of Information Science and Technology', '南京林业大学': 'Nanjing Forestry University', '南京财经大学': 'Nanjing University of Finance and Economics', '南京审计大学': 'Nanjing Audit University', '江苏师范大学': 'Jiangsu Normal University', '常州大学': 'Changzhou University', '南通大学': 'Nantong University', '江苏科技大学': 'Jiangsu University of Science and Technology', '盐城工学院': 'Yancheng Institute of Technology', '徐州医科大学': 'Xuzhou Medical University', '淮阴师范学院': 'Huaiyin Normal University', '盐城师范学院': 'Yancheng Teachers University', '江苏警官学院': 'Jiangsu Police Institute', '南京体育学院': 'Nanjing Sport Institute', '南京艺术学院': 'Nanjing University of the Arts', '苏州科技大学': 'Suzhou University of Science and Technology', '常熟理工学院': 'Changshu Institute of Technology', '淮阴工学院': 'Huaiyin Institute of Technology', '常州工学院': 'Changzhou Institute of Technology', '南京工程学院': 'Nanjing Institute of Technology', '南京晓庄学院': 'Nanjing Xiaozhuang University', '江苏理工学院': 'Jiangsu University of Technology', '江苏海洋大学': 'Jiangsu Ocean University', '徐州工程学院': 'Xuzhou University of Technology', '南京特殊教育师范学院': 'Nanjing Normal University of Special Education', '泰州学院': 'Taizhou University', '金陵科技学院': 'Jinling Institute of Technology', '江苏第二师范学院': 'Jiangsu Second Normal University'}
rows=[]
cities=[("nanjing","南京市","Nanjing"),("wuxi","无锡市","Wuxi"),("xuzhou","徐州市","Xuzhou"),("changzhou","常州市","Changzhou"),("suzhou","苏州市","Suzhou"),("nantong","南通市","Nantong"),("lianyungang","连云港市","Lianyungang"),("huaian","淮安市","Huai'an"),("yancheng","盐城市","Yancheng"),("yangzhou","扬州市","Yangzhou"),("zhenjiang","镇江市","Zhenjiang"),("taizhou","泰州市","Taizhou"),("suqian","宿迁市","Suqian")]
for c in cities: rows.append(dict(id=c[0],name_zh=c[1],name_en=c[2],category="city",group="cities"))
counties={
"nanjing":[("玄武区","Xuanwu"),("秦淮区","Qinhuai"),("建邺区","Jianye"),("鼓楼区","Gulou"),("浦口区","Pukou"),("栖霞区","Qixia"),("雨花台区","Yuhuatai"),("江宁区","Jiangning"),("六合区","Luhe"),("溧水区","Lishui"),("高淳区","Gaochun")],
"wuxi":[("锡山区","Xishan"),("惠山区","Huishan"),("滨湖区","Binhu"),("梁溪区","Liangxi"),("新吴区","Xinwu"),("江阴市","Jiangyin"),("宜兴市","Yixing")],
"xuzhou":[("鼓楼区","Gulou"),("云龙区","Yunlong"),("贾汪区","Jiawang"),("泉山区","Quanshan"),("铜山区","Tongshan"),("丰县","Fengxian"),("沛县","Peixian"),("睢宁县","Suining"),("新沂市","Xinyi"),("邳州市","Pizhou")],
"changzhou":[("天宁区","Tianning"),("钟楼区","Zhonglou"),("新北区","Xinbei"),("武进区","Wujin"),("金坛区","Jintan"),("溧阳市","Liyang")],
"suzhou":[("虎丘区","Huqiu"),("吴中区","Wuzhong"),("相城区","Xiangcheng"),("姑苏区","Gusu"),("吴江区","Wujiang"),("常熟市","Changshu"),("张家港市","Zhangjiagang"),("昆山市","Kunshan"),("太仓市","Taicang")],
"nantong":[("通州区","Tongzhou"),("崇川区","Chongchuan"),("港闸区","Gangzha"),("海门市","Haimen"),("海门区","Haimen"),("如东县","Rudong"),("启东市","Qidong"),("如皋市","Rugao"),("海安市","Hai'an")],
"lianyungang":[("连云区","Lianyun"),("海州区","Haizhou"),("赣榆区","Ganyu"),("东海县","Donghai"),("灌云县","Guanyun"),("灌南县","Guannan")],
"huaian":[("淮安区","Huai'an"),("淮阴区","Huaiyin"),("清江浦区","Qingjiangpu"),("洪泽区","Hongze"),("涟水县","Lianshui"),("盱眙县","Xuyi"),("金湖县","Jinhu")],
"yancheng":[("亭湖区","Tinghu"),("盐都区","Yandu"),("大丰区","Dafeng"),("响水县","Xiangshui"),("滨海县","Binhai"),("阜宁县","Funing"),("射阳县","Sheyang"),("建湖县","Jianhu"),("东台市","Dongtai")],
"yangzhou":[("广陵区","Guangling"),("邗江区","Hanjiang"),("江都区","Jiangdu"),("宝应县","Baoying"),("仪征市","Yizheng"),("高邮市","Gaoyou")],
"zhenjiang":[("京口区","Jingkou"),("润州区","Runzhou"),("丹徒区","Dantu"),("丹阳市","Danyang"),("扬中市","Yangzhong"),("句容市","Jurong")],
"taizhou":[("海陵区","Hailing"),("高港区","Gaogang"),("姜堰区","Jiangyan"),("兴化市","Xinghua"),("靖江市","Jingjiang"),("泰兴市","Taixing")],
"suqian":[("宿城区","Sucheng"),("宿豫区","Suyu"),("沭阳县","Shuyang"),("泗阳县","Siyang"),("泗洪县","Sihong")],
}
cityname={"nanjing":"Nanjing","wuxi":"Wuxi","xuzhou":"Xuzhou","changzhou":"Changzhou","suzhou":"Suzhou","nantong":"Nantong","lianyungang":"Lianyungang","huaian":"Huai'an","yancheng":"Yancheng","yangzhou":"Yangzhou","zhenjiang":"Zhenjiang","taizhou":"Taizhou","suqian":"Suqian"}
def slug(s): return s.lower().replace("'","").replace(" ","")
for city,lst in counties.items():
    for zh,py in lst:
        kind = "District" if zh.endswith("区") else ("County" if zh.endswith("县") else "City")
        uid=f"{city}-{slug(py)}"
        r=dict(id=uid,name_zh=zh,name_en=f"{py} {kind}, {cityname[city]}",category="county",group="counties",parent=city)
        if zh=="港闸区": r.update(until_year="2019",successor="nantong-chongchuan")
        if zh=="海门市": r.update(until_year="2019",successor="nantong-haimen-district"); r["id"]="nantong-haimen-city"
        if zh=="海门区": r.update(from_year="2020"); r["id"]="nantong-haimen-district"
        rows.append(r)
research=[("苏州大学","Suzhou Daxue"),("南京师范大学","Nanjing Shifan Daxue"),("扬州大学","Yangzhou Daxue"),("江苏大学","Jiangsu Daxue"),("南京工业大学","Nanjing Gongye Daxue"),("南京邮电大学","Nanjing Youdian Daxue"),("南京医科大学","Nanjing Yike Daxue"),("南京中医药大学","Nanjing Zhongyiyao Daxue"),("南京信息工程大学","Nanjing Xinxi Gongcheng Daxue"),("南京林业大学","Nanjing Linye Daxue"),("南京财经大学","Nanjing Caijing Daxue"),("南京审计大学","Nanjing Shenji Daxue"),("江苏师范大学","Jiangsu Shifan Daxue"),("常州大学","Changzhou Daxue"),("南通大学","Nantong Daxue")]
other=[("江苏科技大学","Jiangsu Keji Daxue"),("盐城工学院","Yancheng Gongxueyuan"),("徐州医科大学","Xuzhou Yike Daxue"),("淮阴师范学院","Huaiyin Shifan Xueyuan"),("盐城师范学院","Yancheng Shifan Xueyuan"),("江苏警官学院","Jiangsu Jingguan Xueyuan"),("南京体育学院","Nanjing Tiyu Xueyuan"),("南京艺术学院","Nanjing Yishu Xueyuan"),("苏州科技大学","Suzhou Keji Daxue"),("常熟理工学院","Changshu Ligong Xueyuan"),("淮阴工学院","Huaiyin Gongxueyuan"),("常州工学院","Changzhou Gongxueyuan"),("南京工程学院","Nanjing Gongcheng Xueyuan"),("南京晓庄学院","Nanjing Xiaozhuang Xueyuan"),("江苏理工学院","Jiangsu Ligong Xueyuan"),("江苏海洋大学","Jiangsu Haiyang Daxue"),("徐州工程学院","Xuzhou Gongcheng Xueyuan"),("南京特殊教育师范学院","Nanjing Teshu Jiaoyu Shifan Xueyuan"),("泰州学院","Taizhou Xueyuan"),("金陵科技学院","Jinling Keji Xueyuan"),("江苏第二师范学院","Jiangsu Di'er Shifan Xueyuan")]
voc_high=[("南京工业职业技术大学","Nanjing Gongye Zhiye Jishu Daxue"),("无锡职业技术学院","Wuxi Zhiye Jishu Xueyuan"),("南京信息职业技术学院","Nanjing Xinxi Zhiye Jishu Xueyuan"),("常州信息职业技术学院","Changzhou Xinxi Zhiye Jishu Xueyuan"),("江苏农林职业技术学院","Jiangsu Nonglin Zhiye Jishu Xueyuan"),("江苏建筑职业技术学院","Jiangsu Jianzhu Zhiye Jishu Xueyuan"),("江苏海事职业技术学院","Jiangsu Haishi Zhiye Jishu Xueyuan"),("南京交通职业技术学院","Nanjing Jiaotong Zhiye Jishu Xueyuan"),("南京铁道职业技术学院","Nanjing Tiedao Zhiye Jishu Xueyuan"),("江苏经贸职业技术学院","Jiangsu Jingmao Zhiye Jishu Xueyuan"),("江苏农牧科技职业学院","Jiangsu Nongmu Keji Zhiye Xueyuan"),("常州机电职业技术学院","Changzhou Jidian Zhiye Jishu Xueyuan"),("苏州农业职业技术学院","Suzhou Nongye Zhiye Jishu Xueyuan"),("江苏食品药品职业技术学院","Jiangsu Shipin Yaopin Zhiye Jishu Xueyuan"),("扬州工业职业技术学院","Yangzhou Gongye Zhiye Jishu Xueyuan")]
voc_other=[("江苏财经职业技术学院","Jiangsu Caijing Zhiye Jishu Xueyuan"),("江苏电子信息职业学院","Jiangsu Dianzi Xinxi Zhiye Xueyuan"),("江苏航运职业技术学院","Jiangsu Hangyun Zhiye Jishu Xueyuan"),("江苏工程职业技术学院","Jiangsu Gongcheng Zhiye Jishu Xueyuan"),("江苏城市职业学院","Jiangsu Chengshi Zhiye Xueyuan"),("南京科技职业学院","Nanjing Keji Zhiye Xueyuan"),("江苏安全技术职业学院","Jiangsu Anquan Jishu Zhiye Xueyuan"),("常州纺织服装职业技术学院","Changzhou Fangzhi Fuzhuang Zhiye Jishu Xueyuan"),("常州工程职业技术学院","Changzhou Gongcheng Zhiye Jishu Xueyuan"),("常州轻工职业技术学院","Changzhou Qinggong Zhiye Jishu Xueyuan"),("无锡商业职业技术学院","Wuxi Shangye Zhiye Jishu Xueyuan"),("江苏信息职业技术学院","Jiangsu Xinxi Zhiye Jishu Xueyuan"),("苏州工艺美术职业技术学院","Suzhou Gongyi Meishu Zhiye Jishu Xueyuan"),("江苏护理职业学院","Jiangsu Huli Zhiye Xueyuan"),("盐城工业职业技术学院","Yancheng Gongye Zhiye Jishu Xueyuan"),("江苏旅游职业学院","Jiangsu Lüyou Zhiye Xueyuan"),("江苏卫生健康职业学院","Jiangsu Weisheng Jiankang Zhiye Xueyuan"),("江苏医药职业学院","Jiangsu Yiyao Zhiye Xueyuan"),("南京旅游职业学院","Nanjing Lüyou Zhiye Xueyuan"),("江苏城乡建设职业学院","Jiangsu Chengxiang Jianshe Zhiye Xueyuan"),("江苏联合职业技术学院","Jiangsu Lianhe Zhiye Jishu Xueyuan"),("江苏航空职业技术学院","Jiangsu Hangkong Zhiye Jishu Xueyuan")]
n=0
for grp,lst,p in [("research_universities",research,"r"),("other_undergraduate",other,"o"),("vocational_high",voc_high,"h"),("vocational_other",voc_other,"v")]:
    for i,(zh,py) in enumerate(lst,1):
        # Undergraduate institutions: their own English names; colleges: pinyin.
        rows.append(dict(id=f"uni-{p}{i:02d}",name_zh=zh,name_en=UNIVERSITY_EN.get(zh,py),category="university",group=grp))
agencies={
"comprehensive":["省委办公厅","省人大常委会办公厅","省政府办公厅","省政协办公厅","省纪委监委机关","省委组织部","省委宣传部","省委统战部","省委研究室","省委网信办","省委编办","省委台办","省委老干部局","省委党校","省档案馆","省级机关工委","省机关事务管理局","省外办","省政府研究室","省政府参事室","省委巡视办","省委改革办","省委党史工办","省委机要局","省政府驻北京办事处","省委军民融合办","省委保密办"],
"economic":["省发展改革委","省工业和信息化厅","省财政厅","省自然资源厅","省生态环境厅","省住房城乡建设厅","省交通运输厅","省水利厅","省农业农村厅","省商务厅","省审计厅","省国资委","省市场监管局","省统计局","省地方金融监管局","省粮食和物资储备局","省能源局","省科技厅","省供销合作总社","省药品监管局","省地质局","省产业技术研究院"],
"social":["省教育厅","省民政厅","省人力资源社会保障厅","省文化和旅游厅","省卫生健康委","省退役军人事务厅","省应急管理厅","省体育局","省医疗保障局","省广电局","省民族宗教委","省地方志办","省社科院","省农科院","省人防办","省政务服务办","省扶贫办","省文物局","省社会主义学院","省中医药管理局","省体育科学研究所","省疾控中心"],
"legal":["省法院","省检察院","省委政法委","省公安厅","省司法厅","省国家安全厅","省监狱管理局","省戒毒管理局","省信访局","省法学会"],
"mass":["省总工会","团省委","省妇联","省科协","省侨联","省残联","省文联","省作协","省红十字会","省贸促会","省工商联","省社科联","省对外友协","省台联","省计划生育协会","省黄埔军校同学会","省欧美同学会","省老区开发促进会"],
}
for grp,lst in agencies.items():
    for i,zh in enumerate(lst,1):
        rows.append(dict(id=f"agency-{grp[:4]}{i:02d}",name_zh=zh,name_en="Jiangsu "+AGENCY_EN[zh],category="agency",group=grp))
from collections import Counter
# Short names (简称), as charts and tables label the units: a city or county-level unit
# without its 市, 区 or 县 (苏州市 → 苏州; a one-character name keeps it: 丰县, 沛县); the
# universities' usual short names (南京邮电大学 → 南邮), vocational colleges with 职院 or
# 职大; agencies without 省 or 省委 (省财政厅 → 财政厅), some by their usual short form.
UNIVERSITY_SHORT={'苏州大学':'苏大','南京师范大学':'南师大','扬州大学':'扬大','江苏大学':'江大','南京工业大学':'南工大','南京邮电大学':'南邮','南京医科大学':'南医大','南京中医药大学':'南中医','南京信息工程大学':'南信大','南京林业大学':'南林大','南京财经大学':'南财','南京审计大学':'南审','江苏师范大学':'江苏师大','常州大学':'常大','南通大学':'通大','江苏科技大学':'江科大','盐城工学院':'盐工','徐州医科大学':'徐医','淮阴师范学院':'淮师','盐城师范学院':'盐师','江苏警官学院':'江苏警院','南京体育学院':'南体','南京艺术学院':'南艺','苏州科技大学':'苏科大','常熟理工学院':'常熟理工','淮阴工学院':'淮工','常州工学院':'常工','南京工程学院':'南工程','南京晓庄学院':'晓庄','江苏理工学院':'江理工','江苏海洋大学':'江苏海大','徐州工程学院':'徐工程','南京特殊教育师范学院':'南特师','泰州学院':'泰院','金陵科技学院':'金科院','江苏第二师范学院':'江苏二师'}
AGENCY_SHORT={'省委办公厅':'省委办','省人大常委会办公厅':'省人大办','省政府办公厅':'省政府办','省政协办公厅':'省政协办','省纪委监委机关':'纪委监委','省委研究室':'省委研究室','省级机关工委':'机关工委','省机关事务管理局':'机关事务局','省政府研究室':'政府研究室','省政府参事室':'参事室','省政府驻北京办事处':'驻京办','省委党史工办':'党史办','省发展改革委':'发改委','省工业和信息化厅':'工信厅','省住房城乡建设厅':'住建厅','省地方金融监管局':'金融监管局','省粮食和物资储备局':'粮储局','省供销合作总社':'供销社','省产业技术研究院':'产研院','省人力资源社会保障厅':'人社厅','省文化和旅游厅':'文旅厅','省退役军人事务厅':'退役军人厅','省政务服务办':'政务办','省体育科学研究所':'体科所','省计划生育协会':'计生协','省黄埔军校同学会':'黄埔同学会','省老区开发促进会':'老区促进会','团省委':'团省委'}
def short_name(r):
    zh=r["name_zh"]
    if r["category"] in ("city","county"):
        return zh if len(zh)<=2 else zh[:-1]
    if r["category"]=="university":
        if zh in UNIVERSITY_SHORT: return UNIVERSITY_SHORT[zh]
        for long,short in (("职业技术大学","职大"),("职业技术学院","职院"),("职业学院","职院")):
            if zh.endswith(long): return zh[:-len(long)]+short
        return zh
    if zh in AGENCY_SHORT: return AGENCY_SHORT[zh]
    if zh.startswith("省委"): return zh[2:]
    return zh[1:] if zh.startswith("省") else zh
# Aliases: other names a provider's sheet may use — a university's pinyin name beside its
# official English one.
PINYIN={zh:py for lst in (research,other,voc_high,voc_other) for zh,py in lst}
for r in rows:
    r["short_name"]=short_name(r)
    if r["category"]=="university" and PINYIN[r["name_zh"]]!=r["name_en"]:
        r["aliases"]=PINYIN[r["name_zh"]]
short_seen=Counter((r["category"],r["short_name"]) for r in rows if r["category"]!="county")
assert all(n==1 for n in short_seen.values()), [k for k,n in short_seen.items() if n>1]
TW_FORMS=[("啓","啟"),("羣","群"),("衆","眾"),("牀","床"),("考覈","考核")]
def to_traditional(names):
    out=subprocess.run(["opencc","-c","s2t.json"],input="\n".join(names)+"\n",capture_output=True,text=True,check=True).stdout.split("\n")[:len(names)]
    for a,b in TW_FORMS: out=[o.replace(a,b) for o in out]
    return out
for r,tw in zip(rows,to_traditional([r["name_zh"] for r in rows])): r["name_zh_tw"]=tw
print(Counter(r["category"] for r in rows), file=sys.stderr)
w=csv.DictWriter(open(sys.argv[1],"w",newline="",encoding="utf-8"),fieldnames=["id","name_zh","name_zh_tw","name_en","category","group","from_year","until_year","successor","parent","short_name","aliases"],lineterminator="\n")
w.writeheader()
for r in rows: w.writerow(r)
