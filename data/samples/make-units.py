import csv, sys
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
        r=dict(id=uid,name_zh=zh,name_en=f"{py} {kind}, {cityname[city]}",category="county",group="counties")
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
        rows.append(dict(id=f"uni-{p}{i:02d}",name_zh=zh,name_en=py,category="university",group=grp))
agencies={
"comprehensive":["省委办公厅","省人大常委会办公厅","省政府办公厅","省政协办公厅","省纪委监委机关","省委组织部","省委宣传部","省委统战部","省委研究室","省委网信办","省委编办","省委台办","省委老干部局","省委党校","省档案馆","省级机关工委","省机关事务管理局","省外办","省政府研究室","省政府参事室","省委巡视办","省委改革办","省委党史工办","省委机要局","省政府驻北京办事处","省委军民融合办","省委保密办"],
"economic":["省发展改革委","省工业和信息化厅","省财政厅","省自然资源厅","省生态环境厅","省住房城乡建设厅","省交通运输厅","省水利厅","省农业农村厅","省商务厅","省审计厅","省国资委","省市场监管局","省统计局","省地方金融监管局","省粮食和物资储备局","省能源局","省科技厅","省供销合作总社","省药品监管局","省地质局","省产业技术研究院"],
"social":["省教育厅","省民政厅","省人力资源社会保障厅","省文化和旅游厅","省卫生健康委","省退役军人事务厅","省应急管理厅","省体育局","省医疗保障局","省广电局","省民族宗教委","省地方志办","省社科院","省农科院","省人防办","省政务服务办","省扶贫办","省文物局","省社会主义学院","省中医药管理局","省体育科学研究所","省疾控中心"],
"legal":["省法院","省检察院","省委政法委","省公安厅","省司法厅","省国家安全厅","省监狱管理局","省戒毒管理局","省信访局","省法学会"],
"mass":["省总工会","团省委","省妇联","省科协","省侨联","省残联","省文联","省作协","省红十字会","省贸促会","省工商联","省社科联","省对外友协","省台联","省计划生育协会","省黄埔军校同学会","省欧美同学会","省老区开发促进会"],
}
for grp,lst in agencies.items():
    for i,zh in enumerate(lst,1):
        rows.append(dict(id=f"agency-{grp[:4]}{i:02d}",name_zh=zh,name_en="",category="agency",group=grp))
from collections import Counter
print(Counter(r["category"] for r in rows), file=sys.stderr)
w=csv.DictWriter(open(sys.argv[1],"w",newline="",encoding="utf-8"),fieldnames=["id","name_zh","name_en","category","group","from_year","until_year","successor"],lineterminator="\n")
w.writeheader()
for r in rows: w.writerow(r)
