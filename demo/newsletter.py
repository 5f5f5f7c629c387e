"""The demo data set: SCORE China in the summer of 2015, as told by the June–August newsletter.

Plain records keyed by model field names; references to other records use their natural keys
(city name, partner code, enterprise name, trainer name, module number, indicator code).
"""

import datetime
from zoneinfo import ZoneInfo

from enterprises.models import ImprovementTeam, Sector
from improvements.models import Improvement, ReviewStep
from partners.models import Agreement, Partner, PartnerMembership, Phase
from partners.roles import COMMITTEE_MEMBER, ILO_STAFF, PARTNER_COORDINATOR, PARTNER_VIEWER
from trainings.models import Certification, Event, Sex, Trainer, TrainingRound

D = datetime.date
Kind = Partner.Kind
BRANCH_OF = Partner.ParentRelation.BRANCH_OF
MEMBER_OF = Partner.ParentRelation.MEMBER_OF
COORDINATOR = PartnerMembership.Role.COORDINATOR

PHASE = Phase.PHASE_II
PASSWORD = "score-demo-2015"
ADMIN = "admin"
VERIFIER = "ilo.staff"
CHINA_TIME = ZoneInfo("Asia/Shanghai")

USERS = [
    {"username": ADMIN, "first_name": "Demo", "last_name": "Administrator", "is_superuser": True, "is_staff": True},
    {"username": VERIFIER, "first_name": "Hong", "last_name": "Li", "is_staff": True, "group": ILO_STAFF},
    {
        "username": "cec.coordinator",
        "first_name": "Gang",
        "last_name": "Ma",
        "group": PARTNER_COORDINATOR,
        "memberships": [("CEC", COORDINATOR)],
    },
    {
        "username": "eti.coordinator",
        "first_name": "Sarah",
        "last_name": "Hughes",
        "group": PARTNER_COORDINATOR,
        "memberships": [("ETI", COORDINATOR)],
    },
    {
        "username": "cec.viewer",
        "first_name": "Yan",
        "last_name": "Guo",
        "group": PARTNER_VIEWER,
        "memberships": [("CEC", PartnerMembership.Role.VIEWER)],
    },
    {"username": "committee", "first_name": "Ping", "last_name": "Wu", "group": COMMITTEE_MEMBER},
]

CITIES = [
    {"name_en": "Guangzhou", "name_zh_hans": "广州", "province_en": "Guangdong", "province_zh_hans": "广东"},
    {"name_en": "Ningbo", "name_zh_hans": "宁波", "province_en": "Zhejiang", "province_zh_hans": "浙江"},
    {"name_en": "Taixing", "name_zh_hans": "泰兴", "province_en": "Jiangsu", "province_zh_hans": "江苏"},
    {"name_en": "Shanghai", "name_zh_hans": "上海", "province_en": "", "province_zh_hans": ""},
    {"name_en": "Deyang", "name_zh_hans": "德阳", "province_en": "Sichuan", "province_zh_hans": "四川"},
    {"name_en": "Chongqing", "name_zh_hans": "重庆", "province_en": "", "province_zh_hans": ""},
    {"name_en": "Beijing", "name_zh_hans": "北京", "province_en": "", "province_zh_hans": ""},
    {"name_en": "Xining", "name_zh_hans": "西宁", "province_en": "Qinghai", "province_zh_hans": "青海"},
]

# Parents come before their branches and members.
PARTNERS = [
    {
        "code": "CEC",
        "name_en": "China Enterprise Confederation",
        "name_zh_hans": "中国企业联合会",
        "kind": Kind.EMPLOYERS_ORGANISATION,
        "city": "Beijing",
    },
    {
        "code": "CEC-CTC",
        "name_en": "Consulting and Training Center of China Enterprise Confederation",
        "name_zh_hans": "中国企业联合会咨询培训中心",
        "kind": Kind.TRAINING_PROVIDER,
        "parent": "CEC",
        "parent_relation": BRANCH_OF,
        "city": "Beijing",
    },
    {
        "code": "CQEC",
        "name_en": "Chongqing Enterprise Confederation",
        "name_zh_hans": "重庆市企业联合会",
        "kind": Kind.EMPLOYERS_ORGANISATION,
        "parent": "CEC",
        "parent_relation": BRANCH_OF,
        "city": "Chongqing",
    },
    {
        "code": "BSCI",
        "name_en": "Business Social Compliance Initiative",
        "name_zh_hans": "商界社会责任倡议",
        "kind": Kind.BUYER_INITIATIVE,
    },
    {
        "code": "ETI",
        "name_en": "Ethical Trading Initiative",
        "name_zh_hans": "道德贸易倡议",
        "kind": Kind.BUYER_INITIATIVE,
    },
    {
        "code": "GAP",
        "name_en": "Gap",
        "name_zh_hans": "盖璞",
        "kind": Kind.BRAND,
        "parent": "ETI",
        "parent_relation": MEMBER_OF,
    },
    {
        "code": "INDITEX",
        "name_en": "Inditex",
        "name_zh_hans": "印地纺",
        "kind": Kind.BRAND,
        "parent": "ETI",
        "parent_relation": MEMBER_OF,
    },
    {
        "code": "PENTLAND",
        "name_en": "Pentland Brands",
        "name_zh_hans": "彭特兰品牌",
        "kind": Kind.BRAND,
        "parent": "ETI",
        "parent_relation": MEMBER_OF,
    },
    {
        "code": "ACFTU",
        "name_en": "All-China Federation of Trade Unions",
        "name_zh_hans": "中华全国总工会",
        "kind": Kind.TRADE_UNION,
        "city": "Beijing",
    },
    {
        "code": "MOHRSS",
        "name_en": "Ministry of Human Resources and Social Security",
        "name_zh_hans": "人力资源和社会保障部",
        "kind": Kind.GOVERNMENT,
        "city": "Beijing",
    },
    {
        "code": "SAWS",
        "name_en": "State Administration of Work Safety",
        "name_zh_hans": "国家安全生产监督管理总局",
        "kind": Kind.GOVERNMENT,
        "city": "Beijing",
    },
    {"code": "COOP", "name_en": "Coop", "name_zh_hans": "瑞士合作社集团", "kind": Kind.BRAND},
    {"code": "METRO", "name_en": "Metro", "name_zh_hans": "麦德龙", "kind": Kind.BRAND},
]

AGREEMENTS = [
    {
        "partner": "CEC",
        "kind": Agreement.Kind.MOU,
        "title_en": "Memorandum of understanding on SCORE Phase II",
        "title_zh_hans": "SCORE第二阶段谅解备忘录",
        "phase": PHASE,
        "signed_on": D(2013, 12, 10),
        "starts_on": D(2013, 12, 10),
        "ends_on": None,
        "scope_en": "National partnership: CEC, through its Consulting and Training Center, recruits enterprises, "
        "builds a pool of SCORE trainers and runs the training in pilot areas such as Ningbo and Taixing.",
        "scope_zh_hans": "全国合作：中国企业联合会通过其咨询培训中心招募企业，建设SCORE培训师队伍，"
        "并在宁波、泰兴等试点地区开展培训。",
    },
    {
        "partner": "BSCI",
        "kind": Agreement.Kind.MOU,
        "title_en": "ILO-BSCI SCORE supplier training pilot",
        "title_zh_hans": "国际劳工组织—商界社会责任倡议SCORE供应商培训试点",
        "phase": PHASE,
        "signed_on": D(2014, 4, 15),
        "starts_on": D(2014, 5, 1),
        "ends_on": D(2015, 12, 31),
        "scope_en": "Pilot SCORE training for suppliers of BSCI participants in Guangdong.",
        "scope_zh_hans": "为广东省商界社会责任倡议成员的供应商开展SCORE试点培训。",
    },
    {
        "partner": "ETI",
        "kind": Agreement.Kind.MOU,
        "title_en": "ILO-ETI SCORE pilot supplier training",
        "title_zh_hans": "国际劳工组织—道德贸易倡议SCORE试点供应商培训",
        "phase": PHASE,
        "signed_on": D(2015, 6, 18),
        "starts_on": D(2015, 7, 1),
        "ends_on": D(2016, 6, 30),
        "scope_en": "SCORE training for garment and footwear factories supplying ETI member companies "
        "Gap, Inditex and Pentland.",
        "scope_zh_hans": "为向道德贸易倡议成员企业盖璞、印地纺和彭特兰品牌供货的服装和鞋类工厂开展SCORE培训。",
    },
    {
        "partner": "CQEC",
        "kind": Agreement.Kind.IMPLEMENTATION,
        "title_en": "Implementation agreement on SCORE in Chongqing, Phase II",
        "title_zh_hans": "重庆SCORE第二阶段实施协议",
        "phase": PHASE,
        "signed_on": D(2015, 7, 28),
        "starts_on": D(2015, 7, 28),
        "ends_on": D(2017, 12, 31),
        "scope_en": "Chongqing Enterprise Confederation runs SCORE more independently in Phase II, "
        "with the aim of making SCORE sustainable in Chongqing.",
        "scope_zh_hans": "重庆市企业联合会在第二阶段更加独立地开展SCORE，目标是使SCORE在重庆可持续发展。",
    },
]


def _cohort(city, partner, rows):
    """Enterprises of one city recruited by one partner; a row is (name, Chinese name, sector,
    workers, of whom women[, brands supplied, consents to share with them])."""
    return [_enterprise(city, partner, *row) for row in rows]


def _enterprise(city, partner, name, name_zh, sector, workers, women, brands=(), consents=False):
    return {
        "name_en": name,
        "name_zh_hans": name_zh,
        "city": city,
        "sector": sector,
        "recruited_by": partner,
        "workforce_total": workers,
        "workforce_female": women,
        "supplies_brands": brands,
        "consents_to_share_with_brands": consents,
    }


CABLE_MAKER = "Deyang Cable Manufacturing Co., Ltd."
GARMENT, FOOTWEAR, MACHINERY = Sector.GARMENT, Sector.FOOTWEAR, Sector.MACHINERY

ENTERPRISES = [
    *_cohort(
        "Guangzhou",
        "BSCI",
        [
            ("Guangzhou Huamei Toys Co., Ltd.", "广州华美玩具有限公司", Sector.OTHER, 320, 210),
            ("Guangzhou Lianfa Garment Co., Ltd.", "广州联发服装有限公司", GARMENT, 260, 190),
            ("Guangzhou Tianyi Electronics Co., Ltd.", "广州天意电子有限公司", Sector.ELECTRONICS, 410, 230),
            ("Guangzhou Baisheng Footwear Co., Ltd.", "广州百盛鞋业有限公司", FOOTWEAR, 380, 250),
        ],
    ),
    *_cohort(
        "Ningbo",
        "CEC",
        [
            ("Ningbo Dongqian Mould Co., Ltd.", "宁波东钱模具有限公司", MACHINERY, 150, 30),
            ("Ningbo Yongxin Electric Appliance Co., Ltd.", "宁波永信电器有限公司", Sector.ELECTRICAL, 280, 140),
            ("Ningbo Jiangbei Bearing Co., Ltd.", "宁波江北轴承有限公司", MACHINERY, 190, 45),
            ("Ningbo Meiya Knitting Co., Ltd.", "宁波美雅针织有限公司", Sector.TEXTILE, 230, 170),
        ],
    ),
    *_cohort(
        "Taixing",
        "CEC",
        [
            ("Taixing Huaxing Chemical Co., Ltd.", "泰兴华兴化工有限公司", Sector.CHEMICALS, 180, 40),
            ("Taixing Ruifeng Textile Co., Ltd.", "泰兴瑞丰纺织有限公司", Sector.TEXTILE, 260, 180),
            ("Taixing Jinlong Machinery Co., Ltd.", "泰兴金龙机械有限公司", MACHINERY, 140, 25),
            ("Taixing Hongyuan Food Co., Ltd.", "泰兴宏远食品有限公司", Sector.FOOD, 120, 75),
            ("Taixing Yinhe Electric Co., Ltd.", "泰兴银河电器有限公司", Sector.ELECTRICAL, 210, 90),
        ],
    ),
    *_cohort(
        "Shanghai",
        "ETI",
        [
            ("Shanghai Meilun Garment Co., Ltd.", "上海美伦服装有限公司", GARMENT, 350, 280, ("GAP", "INDITEX"), True),
            ("Shanghai Hengyuan Knitwear Co., Ltd.", "上海恒源针织服饰有限公司", GARMENT, 240, 200, ("GAP",), True),
            ("Shanghai Jiayi Fashion Co., Ltd.", "上海佳艺时装有限公司", GARMENT, 180, 150, ("INDITEX",)),
            ("Shanghai Bufeng Footwear Co., Ltd.", "上海步丰鞋业有限公司", FOOTWEAR, 420, 260, ("PENTLAND",), True),
            ("Shanghai Kanglu Shoes Co., Ltd.", "上海康路鞋业有限公司", FOOTWEAR, 300, 190, ("PENTLAND", "GAP")),
        ],
    ),
    *_cohort(
        "Deyang",
        "CEC-CTC",
        [
            (CABLE_MAKER, "德阳电缆制造有限公司", Sector.ELECTRICAL, 160, 45),
            ("Deyang Heavy Valve Co., Ltd.", "德阳重型阀门有限公司", MACHINERY, 220, 40),
            ("Deyang Precision Gear Co., Ltd.", "德阳精密齿轮有限公司", MACHINERY, 130, 25),
            ("Deyang Boiler Parts Co., Ltd.", "德阳锅炉配件有限公司", MACHINERY, 180, 30),
        ],
    ),
    *_cohort(
        "Chongqing",
        "CQEC",
        [
            ("Chongqing Jiangjin Motorcycle Parts Co., Ltd.", "重庆江津摩托车配件有限公司", MACHINERY, 260, 70),
            ("Chongqing Yudong Auto Parts Co., Ltd.", "重庆渝东汽车零部件有限公司", MACHINERY, 310, 90),
            ("Chongqing Shancheng Food Co., Ltd.", "重庆山城食品有限公司", Sector.FOOD, 150, 95),
        ],
    ),
]


def _trainer(name, name_zh, sex, partner, level, certifications):
    return {
        "name_en": name,
        "name_zh_hans": name_zh,
        "sex": sex,
        "partner": partner,
        "level": level,
        "certifications": certifications,
    }


EXPERT, TRAINER, CANDIDATE = Trainer.Level.EXPERT, Trainer.Level.TRAINER, Trainer.Level.CANDIDATE
IN_TRAINING, RECOMMENDED = Certification.Status.IN_TRAINING, Certification.Status.RECOMMENDED
F, M = Sex.FEMALE, Sex.MALE

# Certifications by module number: the date a module was certified, or the status of one in progress.
TRAINERS = [
    _trainer("Wang Li", "王丽", F, "CEC-CTC", EXPERT, {1: D(2011, 6, 24), 2: D(2012, 5, 18), 5: D(2012, 11, 9)}),
    _trainer("Zhang Wei", "张伟", M, "CEC-CTC", EXPERT, {1: D(2010, 12, 3), 3: D(2012, 5, 18)}),
    _trainer("Liu Yang", "刘洋", M, "CEC-CTC", TRAINER, {1: D(2014, 6, 20), 5: IN_TRAINING}),
    _trainer("Xu Hui", "徐慧", F, "CEC-CTC", CANDIDATE, {1: RECOMMENDED}),
    _trainer("Zhou Tao", "周涛", M, "CEC", TRAINER, {1: D(2013, 9, 27)}),
    _trainer("Chen Jing", "陈静", F, "CQEC", EXPERT, {1: D(2011, 6, 24), 4: D(2013, 4, 12)}),
    # Recommended after the Chongqing ToE (RECOMMENDATIONS below); Zhao Min is certified since.
    _trainer("Li Qiang", "李强", M, "CQEC", CANDIDATE, {}),
    _trainer("Zhao Min", "赵敏", F, "CQEC", TRAINER, {}),
    _trainer("Sun Fang", "孙芳", F, "BSCI", EXPERT, {1: D(2012, 3, 9), 5: D(2013, 11, 22)}),
    _trainer("Huang Lei", "黄磊", M, "BSCI", TRAINER, {1: D(2013, 3, 15), 5: D(2015, 7, 31)}),
    # Staff of Chongqing Enterprise Confederation and its member associations trained in the July 2015 ToT.
    _trainer("Wu Xia", "吴霞", F, "CQEC", CANDIDATE, {}),
    _trainer("Ma Jun", "马军", M, "CQEC", CANDIDATE, {}),
    _trainer("Deng Yan", "邓燕", F, "CQEC", CANDIDATE, {}),
    _trainer("Tang Hao", "唐浩", M, "CQEC", CANDIDATE, {}),
]

# The Chongqing ToT of 13–15 July 2015: its trainees and the days each came (all three unless listed).
CHONGQING_TOT = "Chongqing ToT Module 1, 2015"
TOT_TRAINEES = {
    "Li Qiang": (),
    "Zhao Min": (),
    "Wu Xia": (),
    "Ma Jun": (D(2015, 7, 13), D(2015, 7, 14)),
    "Deng Yan": (),
    "Tang Hao": (D(2015, 7, 13), D(2015, 7, 15)),
}

# Who delivered the Chongqing ToE: two of the new candidates under the expert trainer who ran the ToT.
TOE_TEAMS = {
    "Chongqing ToE Module 1, 2015": {"Li Qiang": "lead", "Zhao Min": "co", "Chen Jing": "supervisor"},
}

# After the ToE's workshop and first visits the expert recommended Zhao Min, whom ILO staff certified, and
# Li Qiang, whose recommendation waits for ILO staff.
RECOMMENDATIONS = [
    {
        "trainer": "Zhao Min",
        "round": "Chongqing ToE Module 1, 2015",
        "recommended_on": D(2015, 8, 28),
        "recommendation_en": "Ran the workshop's cooperation exercises confidently and prepared each factory visit "
        "with the enterprise improvement team.",
        "recommendation_zh_hans": "自信地主持了研讨会的合作练习，并与企业改进团队一起为每次现场辅导做了准备。",
        "certified_on": D(2015, 8, 31),
    },
    {
        "trainer": "Li Qiang",
        "round": "Chongqing ToE Module 1, 2015",
        "recommended_on": D(2015, 8, 28),
        "recommendation_en": "A clear lead trainer; should deliver one more factory visit cycle on his own.",
        "recommendation_zh_hans": "作为主讲培训师表达清晰；应再独立完成一轮现场辅导。",
        "certified_on": None,
    },
]

# Each enterprise sends two managers and two workers to a workshop day; the mix of sexes
# (female managers, male managers, female workers, male workers) rotates through these.
DELEGATIONS = [(1, 1, 1, 1), (0, 2, 2, 0), (1, 1, 0, 2), (2, 0, 1, 1), (0, 2, 1, 1)]

TOE, TOT = TrainingRound.Kind.TOE, TrainingRound.Kind.TOT
PLANNED, ONGOING, COMPLETED = (
    TrainingRound.Status.PLANNED,
    TrainingRound.Status.ONGOING,
    TrainingRound.Status.COMPLETED,
)


def _names(city):
    return tuple(spec["name_en"] for spec in ENTERPRISES if spec["city"] == city)


# `visit_weeks`: in the week from each date, a trainer visits every enrolled enterprise, one a day.
ROUNDS = [
    {
        "title_en": "ILO-BSCI supplier training, Module 5, Guangzhou",
        "title_zh_hans": "国际劳工组织—商界社会责任倡议供应商培训，模块5，广州",
        "partner": "BSCI",
        "module": 5,
        "city": "Guangzhou",
        "kind": TOE,
        "status": COMPLETED,
        "starts_on": D(2015, 7, 6),
        "ends_on": D(2015, 7, 31),
        "cost_total": 80000,
        "cost_non_ilo": 40000,
        "description_en": "SCORE Module 5, Safety and health at work: a platform for productivity, for BSCI suppliers. "
        "Its completion marks the end of the pilot ILO-BSCI Supplier Training.",
        "description_zh_hans": "SCORE模块5“职业安全与健康：提高生产率的平台”，"
        "面向商界社会责任倡议的供应商。本轮培训结束，"
        "标志着国际劳工组织—商界社会责任倡议供应商培训试点圆满完成。",
        "enterprises": _names("Guangzhou"),
        "trainers": ("Sun Fang", "Huang Lei"),
        "workshop_days": (D(2015, 7, 6), D(2015, 7, 7)),
        "visit_weeks": (D(2015, 7, 20),),
    },
    {
        "title_en": "Ningbo Module 1, 2015",
        "title_zh_hans": "2015年宁波模块1",
        "partner": "CEC",
        "module": 1,
        "city": "Ningbo",
        "kind": TOE,
        "status": COMPLETED,
        "starts_on": D(2015, 3, 17),
        "ends_on": D(2015, 6, 12),
        "cost_total": 50000,
        "cost_non_ilo": 15000,
        "description_en": "First pilot area of the partnership with the "
        "Consulting and Training Center of national CEC.",
        "description_zh_hans": "与中国企业联合会咨询培训中心合作的第一个试点地区。",
        "enterprises": _names("Ningbo"),
        "trainers": ("Zhang Wei", "Zhou Tao"),
        "workshop_days": (D(2015, 3, 17), D(2015, 3, 18)),
        "visit_weeks": (D(2015, 4, 13), D(2015, 5, 11)),
    },
    {
        "title_en": "Taixing Module 1, 2015",
        "title_zh_hans": "2015年泰兴模块1",
        "partner": "CEC",
        "module": 1,
        "city": "Taixing",
        "kind": TOE,
        "status": ONGOING,
        "starts_on": D(2015, 8, 20),
        "ends_on": D(2015, 11, 30),
        "cost_total": 55000,
        "cost_non_ilo": 20000,
        "description_en": "SCORE training launched on 20 August in Taixing, "
        "Jiangsu: the second pilot area after Ningbo "
        "under the partnership with the Consulting and Training Center of national CEC.",
        "description_zh_hans": "8月20日，SCORE培训在江苏泰兴启动：这是与中国企业联合会咨询培训中心合作、"
        "继宁波之后的第二个试点地区。",
        "enterprises": _names("Taixing"),
        "trainers": ("Zhang Wei", "Liu Yang"),
        "workshop_days": (D(2015, 8, 20), D(2015, 8, 21)),
        "visit_weeks": (),
    },
    {
        "title_en": "ILO-ETI pilot supplier training, Module 1, Shanghai",
        "title_zh_hans": "国际劳工组织—道德贸易倡议试点供应商培训，模块1，上海",
        "partner": "ETI",
        "module": 1,
        "city": "Shanghai",
        "kind": TOE,
        "status": ONGOING,
        "starts_on": D(2015, 8, 29),
        "ends_on": D(2015, 12, 18),
        "cost_total": 70000,
        "cost_non_ilo": 35000,
        "description_en": "Pilot launched jointly by ILO and ETI on 29 August: SCORE training for five garment and "
        "footwear factories supplying ETI member companies Gap, Inditex and Pentland.",
        "description_zh_hans": "8月29日，国际劳工组织与道德贸易倡议联合启动试点："
        "为向道德贸易倡议成员公司盖璞、印地纺和彭特兰品牌供货的五家服装和鞋类工厂提供SCORE培训。",
        "enterprises": _names("Shanghai"),
        "trainers": ("Wang Li", "Zhou Tao"),
        "workshop_days": (D(2015, 8, 29),),
        "visit_weeks": (),
    },
    {
        "title_en": "Deyang Module 1, 2015",
        "title_zh_hans": "2015年德阳模块1",
        "partner": "CEC-CTC",
        "module": 1,
        "city": "Deyang",
        "kind": TOE,
        "status": ONGOING,
        "starts_on": D(2015, 6, 16),
        "ends_on": D(2015, 9, 3),
        "cost_total": 48000,
        "cost_non_ilo": 12000,
        "description_en": "Four machinery manufacturers in Module 1 since June, with factory visits. "
        "The module completes in early September; Module 5 on OSH management follows.",
        "description_zh_hans": "四家机械制造企业自6月起参加模块1培训，并接受现场辅导。"
        "该模块于9月初结束，随后开展职业安全与健康管理模块5。",
        "enterprises": _names("Deyang"),
        "trainers": ("Wang Li", "Xu Hui"),
        "workshop_days": (D(2015, 6, 16), D(2015, 6, 17)),
        "visit_weeks": (D(2015, 6, 29), D(2015, 7, 20), D(2015, 8, 17)),
    },
    {
        "title_en": "Deyang Module 5 ToE, 2015",
        "title_zh_hans": "2015年德阳模块5企业培训",
        "partner": "CEC-CTC",
        "module": 5,
        "city": "Deyang",
        "kind": TOE,
        "status": PLANNED,
        "starts_on": D(2015, 9, 4),
        "ends_on": D(2015, 9, 5),
        "cost_total": 40000,
        "cost_non_ilo": 16000,
        "description_en": "Training of enterprises on Module 5 (OSH) on 4–5 September; "
        "a new round of recruiting trainers and enterprises will start.",
        "description_zh_hans": "9月4日至5日开展模块5（职业安全与健康）企业培训；新一轮培训师和企业招募随即开始。",
        "enterprises": _names("Deyang"),
        "trainers": ("Wang Li", "Liu Yang"),
        "workshop_days": (D(2015, 9, 4), D(2015, 9, 5)),
        "visit_weeks": (),
    },
    {
        "title_en": "Chongqing ToT Module 1, 2015",
        "title_zh_hans": "2015年重庆模块1培训师培训",
        "partner": "CQEC",
        "module": 1,
        "city": "Chongqing",
        "kind": TOT,
        "status": COMPLETED,
        "starts_on": D(2015, 7, 13),
        "ends_on": D(2015, 7, 15),
        "cost_total": 30000,
        "cost_non_ilo": 15000,
        "description_en": "New round of training of trainers run by Chongqing Enterprise Confederation.",
        "description_zh_hans": "由重庆市企业联合会组织的新一轮培训师培训。",
        "enterprises": (),
        "trainers": ("Chen Jing",),
        "workshop_days": (D(2015, 7, 13), D(2015, 7, 14), D(2015, 7, 15)),
        "visit_weeks": (),
    },
    {
        "title_en": "Chongqing ToE Module 1, 2015",
        "title_zh_hans": "2015年重庆模块1企业培训",
        "partner": "CQEC",
        "module": 1,
        "city": "Chongqing",
        "kind": TOE,
        "status": ONGOING,
        "starts_on": D(2015, 8, 4),
        "ends_on": D(2015, 10, 30),
        "cost_total": 45000,
        "cost_non_ilo": 27000,
        "description_en": "Training of enterprises delivered by the new trainer candidates under an expert trainer.",
        "description_zh_hans": "由新的候选培训师在专家培训师指导下开展的企业培训。",
        "enterprises": _names("Chongqing"),
        "trainers": ("Chen Jing", "Li Qiang", "Zhao Min"),
        "workshop_days": (D(2015, 8, 4), D(2015, 8, 5)),
        "visit_weeks": (D(2015, 8, 24),),
    },
]

EVENTS = [
    {
        "kind": Event.Kind.COMMITTEE_MEETING,
        "title_en": "6th SCORE National Advisory Committee Meeting",
        "title_zh_hans": "第六次SCORE项目国家顾问委员会会议",
        "starts_on": D(2015, 10, 31),
        "ends_on": None,
        "city": "Beijing",
        "partners": ("CEC", "ACFTU", "MOHRSS", "SAWS"),
        "description_en": "Implementation partners and committee members review the progress of the project and "
        "give guidance for the next steps. Michael Elkin, SCORE Global CTA, will also participate.",
        "description_zh_hans": "项目实施合作伙伴和顾问委员会成员回顾项目进展，"
        "并为下一步工作提供指导。SCORE项目全球首席技术顾问迈克尔·埃尔金也将出席。",
    },
    {
        "kind": Event.Kind.SEMINAR,
        "title_en": "ILO-ACFTU Seminar on Promoting Green Employment "
        "and Sustainable Development in the Textile Industry",
        "title_zh_hans": "国际劳工组织—中华全国总工会促进纺织行业绿色就业与可持续发展研讨会",
        "starts_on": D(2015, 9, 2),
        "ends_on": D(2015, 9, 3),
        "city": "Xining",
        "partners": ("ACFTU",),
        # Women and men by partner code (None: participants from outside the partners: ILO, experts, press).
        "participants": {"ACFTU": (23, 17), None: (6, 5)},
        "description_en": "Key issues of the green economy: energy saving and emission reduction, green employment "
        "and sustainable development in the textile industry.",
        "description_zh_hans": "绿色经济的关键议题：纺织行业的节能减排、绿色就业与可持续发展。",
    },
    {
        "kind": Event.Kind.AGREEMENT_SIGNING,
        "title_en": "Signing of the implementation agreement with Chongqing Enterprise Confederation",
        "title_zh_hans": "与重庆市企业联合会签署实施协议",
        "starts_on": D(2015, 7, 28),
        "ends_on": None,
        "city": "Chongqing",
        "partners": ("CQEC",),
        "description_en": "Chongqing CEC will run SCORE more independently in Phase II, aiming at sustainability.",
        "description_zh_hans": "在第二阶段，重庆市企业联合会将更加独立地开展SCORE项目，以实现可持续发展。",
    },
    {
        "kind": Event.Kind.LAUNCH,
        "title_en": "Launch of the ILO-ETI pilot supplier training",
        "title_zh_hans": "国际劳工组织—道德贸易倡议试点供应商培训启动",
        "starts_on": D(2015, 8, 29),
        "ends_on": None,
        "city": "Shanghai",
        "partners": ("ETI", "GAP", "INDITEX", "PENTLAND"),
        "description_en": "ILO and ETI jointly launch SCORE training for five garment and footwear factories.",
        "description_zh_hans": "国际劳工组织与道德贸易倡议联合为五家服装和鞋类工厂启动SCORE培训。",
    },
    {
        "kind": Event.Kind.WEBINAR,
        "title_en": "SCORE gender mainstreaming webinars",
        "title_zh_hans": "SCORE项目社会性别主流化网络研讨会",
        "starts_on": D(2015, 8, 11),
        "ends_on": D(2015, 8, 25),
        "city": None,
        "partners": (),
        "description_en": "The SCORE Global Office and the country teams discuss how to integrate the gender strategy "
        "at three levels: training, enterprise, and communication, advocacy and partnerships.",
        "description_zh_hans": "SCORE全球办公室与各国团队讨论如何在三个层面融入社会性别战略：培训、企业，以及宣传、"
        "倡导和伙伴关系。",
    },
]

MONTHLY, FORTNIGHTLY = ImprovementTeam.MeetingFrequency.MONTHLY, ImprovementTeam.MeetingFrequency.FORTNIGHTLY

# enterprise: (established on, female managers, male managers, female workers, male workers, meets)
IMPROVEMENT_TEAMS = {
    CABLE_MAKER: (D(2015, 6, 22), 1, 3, 3, 3, FORTNIGHTLY),
    "Deyang Heavy Valve Co., Ltd.": (D(2015, 6, 23), 1, 3, 2, 4, FORTNIGHTLY),
    "Deyang Precision Gear Co., Ltd.": (D(2015, 6, 24), 0, 3, 2, 4, MONTHLY),
    "Deyang Boiler Parts Co., Ltd.": (D(2015, 6, 25), 1, 2, 2, 4, MONTHLY),
    "Ningbo Dongqian Mould Co., Ltd.": (D(2015, 3, 24), 1, 3, 2, 4, MONTHLY),
    "Ningbo Yongxin Electric Appliance Co., Ltd.": (D(2015, 3, 25), 2, 2, 4, 2, FORTNIGHTLY),
    "Guangzhou Huamei Toys Co., Ltd.": (D(2014, 11, 5), 2, 2, 4, 2, MONTHLY),
    "Guangzhou Baisheng Footwear Co., Ltd.": (D(2014, 11, 6), 2, 1, 5, 3, MONTHLY),
    "Chongqing Yudong Auto Parts Co., Ltd.": (D(2015, 8, 11), 1, 3, 2, 3, MONTHLY),
}

DEYANG_PERIODS = {"baseline": (D(2015, 3, 1), D(2015, 5, 31)), "follow_up": (D(2015, 6, 1), D(2015, 8, 31))}
NINGBO_PERIODS = {"baseline": (D(2014, 12, 1), D(2015, 2, 28)), "follow_up": (D(2015, 6, 1), D(2015, 8, 31))}

# enterprise: (periods by stage, {indicator code: (baseline value, follow-up value)}).
# Not every enterprise reports: the reporting rate is part of the picture.
MEASUREMENTS = {
    CABLE_MAKER: (
        DEYANG_PERIODS,
        {
            "defect-rate": ("3.6", "2.4"),
            "accidents": (3, 0),
            "suggestions-made": (4, 27),
            "suggestions-implemented": (1, 15),
            "osh-committee": (0, 1),
        },
    ),
    "Deyang Heavy Valve Co., Ltd.": (
        DEYANG_PERIODS,
        {"defect-rate": ("2.8", "2.1"), "accidents": (2, 1), "suggestions-made": (2, 14), "osh-committee": (0, 1)},
    ),
    "Deyang Precision Gear Co., Ltd.": (
        DEYANG_PERIODS,
        {"defect-rate": ("4.5", "3.9"), "suggestions-made": (0, 9), "osh-committee": (1, 1)},
    ),
    "Ningbo Dongqian Mould Co., Ltd.": (
        NINGBO_PERIODS,
        {"defect-rate": ("5.2", "3.8"), "absenteeism": ("3.1", "2.4"), "suggestions-made": (3, 22)},
    ),
    "Ningbo Yongxin Electric Appliance Co., Ltd.": (
        NINGBO_PERIODS,
        {"defect-rate": ("1.9", "1.5"), "labour-turnover": ("4.2", "3.1"), "risk-assessment": (0, 1)},
    ),
}

# How each improvement below went through review: the CEC coordinator submitted it, ILO staff verified it.
REVIEW_STEPS = [
    {
        "action": ReviewStep.Action.SUBMIT,
        "from_status": Improvement.Status.DRAFT,
        "to_status": Improvement.Status.SUBMITTED,
        "user": "cec.coordinator",
        "at": datetime.datetime(2015, 8, 28, 16, 30, tzinfo=CHINA_TIME),
    },
    {
        "action": ReviewStep.Action.VERIFY,
        "from_status": Improvement.Status.SUBMITTED,
        "to_status": Improvement.Status.VERIFIED,
        "user": VERIFIER,
        "at": datetime.datetime(2015, 8, 31, 10, 0, tzinfo=CHINA_TIME),
        "comment_en": "Seen on the factory visit; the saving matches the purchase records.",
        "comment_zh_hans": "已在现场辅导中核实，节约金额与采购记录相符。",
    },
]

# The cable manufacturer's results after Module 1; `scene` names the drawing in demo/pictures.py.
IMPROVEMENTS = [
    {
        "enterprise": CABLE_MAKER,
        "module": 1,
        "scene": "water",
        "category_id": "osh",
        "title_en": "Shelves for the water dispenser and cups",
        "title_zh_hans": "为饮水机和水杯设置置物架",
        "description_en": "Cups used to stand anywhere on machines and workstations, a safety risk and a threat to "
        "clean drinking water. Shelves now hold the water dispenser and every worker's cup.",
        "description_zh_hans": "以前水杯随手放在机器和工位上，既有安全隐患，"
        "也威胁饮用水卫生。现在置物架上摆放着饮水机和每位工人的水杯。",
        "implemented_on": D(2015, 7, 10),
        "investment_rmb": 400,
        "annual_saving_rmb": None,
        "saving_calculation_en": "",
        "saving_calculation_zh_hans": "",
        "captions": (
            ("Cups left on machines, dispenser on the floor", "Shelves for the dispenser and cups"),
            ("水杯放在机器上，饮水机放在地上", "饮水机和水杯的置物架"),
        ),
    },
    {
        "enterprise": CABLE_MAKER,
        "module": 1,
        "scene": "shield",
        "category_id": "osh",
        "title_en": "Protective shield at the wrapping machine",
        "title_zh_hans": "在绕包机上加装防护罩",
        "description_en": "Debris could fly off the spinning parts of the wrapping machine. "
        "A protective shield now covers them.",
        "description_zh_hans": "绕包机的旋转部件可能甩出碎屑。现在防护罩将这些部件罩住。",
        "implemented_on": D(2015, 7, 24),
        "investment_rmb": 1200,
        "annual_saving_rmb": None,
        "saving_calculation_en": "",
        "saving_calculation_zh_hans": "",
        "captions": (
            ("Debris flies off the spinning parts", "Shield in front of the spinning parts"),
            ("碎屑从旋转部件甩出", "旋转部件前的防护罩"),
        ),
    },
    {
        "enterprise": CABLE_MAKER,
        "module": 1,
        "scene": "hopper",
        "category_id": "cleaner_production",
        "title_en": "Hoppers instead of bags to load cables",
        "title_zh_hans": "用料斗代替编织袋装载电缆",
        "description_en": "Cables were loaded in bags that were thrown away after use and unpacked by hand. "
        "Reusable hoppers now carry the cables: far fewer wasted bags, less unpacking and transport work.",
        "description_zh_hans": "以前电缆装在用后即丢弃的编织袋里，还要人工拆包。现在用可重复使用的料斗装运电缆："
        "浪费的编织袋大大减少，拆包和搬运的工作也减少了。",
        "implemented_on": D(2015, 8, 5),
        "investment_rmb": 2400,
        "annual_saving_rmb": 13000,
        "saving_calculation_en": "About 13,000 RMB a year as reported by the enterprise: the bags no longer bought, "
        "plus the labour no longer spent unpacking the bags and transporting the cables.",
        "saving_calculation_zh_hans": "据企业报告，每年约节约13,000元：不再购买编织袋，并省去了拆包和搬运电缆的人工。",
        "captions": (
            ("Cables loaded in bags, waste bags piling up", "Cables loaded in a reusable hopper"),
            ("电缆装在编织袋里，废袋堆积", "电缆装在可重复使用的料斗里"),
        ),
    },
    {
        "enterprise": CABLE_MAKER,
        "module": 1,
        "scene": "tools",
        "category_id": "cooperation",
        "title_en": "Tool racks at the fitter's workstation",
        "title_zh_hans": "在钳工工位设置工具架",
        "description_en": "Tools now hang on racks within easy reach. The bench has more space for work, and "
        "tools and moulds no longer rub against each other.",
        "description_zh_hans": "工具现在挂在伸手可及的工具架上。工作台有了更多空间，工具和模具也不再相互磕碰。",
        "implemented_on": D(2015, 8, 14),
        "investment_rmb": 500,
        "annual_saving_rmb": None,
        "saving_calculation_en": "",
        "saving_calculation_zh_hans": "",
        "captions": (
            ("Tools and moulds heaped on the bench", "Tools on a rack, moulds in order"),
            ("工具和模具堆在工作台上", "工具挂上架，模具摆放整齐"),
        ),
    },
]

# The results framework of Phase II in China: the logframe reported to the donors, with its targets and
# its status at June 2015 (public figures from the ILO's mid-term evaluation of Phase II). Actuals are
# computed from the records where the demo has them; the others are reported, with where they come from.
RESULT_AREAS = [
    # (code, level, outcome served, English title, Chinese title)
    (
        "1",
        "outcome",
        None,
        "National institutions deliver SCORE sustainably",
        "国家机构可持续地提供SCORE服务",
    ),
    ("1.1", "output", "1", "Partnerships and pilot clusters in place", "建立合作伙伴关系和试点集群"),
    (
        "1.2",
        "output",
        "1",
        "Implementing agencies able to deliver and market SCORE",
        "实施机构具备提供和推广SCORE的能力",
    ),
]

MID_TERM = "As at June 2015, from the mid-term evaluation of Phase II."
MID_TERM_ZH = "截至2015年6月，来自第二阶段中期评估。"

# Each indicator: area, code, English and Chinese name and unit, kind, computation (empty: reported),
# key indicator, target for the phase (and its share of women), reported actual (value, women %, notes).
RESULT_INDICATORS = [
    {
        "area": "1",
        "code": "1a",
        "name_en": "Institutions embedding SCORE in their services",
        "name_zh_hans": "将SCORE纳入自身服务的机构",
        "unit_label_en": "institutions",
        "unit_label_zh_hans": "家机构",
        "kind": "count",
        "computation": "",
        "is_key": False,
        "target": 4,
        "reported": (
            4,
            None,
            MID_TERM + " CEC, its Consulting and Training Center, Chongqing Enterprise Confederation "
            "and BSCI run SCORE training with their own staff.",
            MID_TERM_ZH + "中国企业联合会及其咨询培训中心、重庆市企业联合会和商界社会责任倡议以自有人员开展SCORE培训。",
        ),
    },
    {
        "area": "1",
        "code": "1b",
        "name_en": "Share of training cost paid from non-ILO money",
        "name_zh_hans": "非国际劳工组织资金支付的培训费用比例",
        "unit_label_en": "% of cost",
        "unit_label_zh_hans": "占费用的百分比",
        "kind": "percentage",
        "computation": "cost_share_non_ilo",
        "is_key": True,
        "target": 40,
    },
    {
        "area": "1",
        "code": "1c",
        "name_en": "National institutions or multinationals paying for SCORE services",
        "name_zh_hans": "为SCORE服务付费的国家机构或跨国企业",
        "unit_label_en": "institutions",
        "unit_label_zh_hans": "家机构",
        "kind": "count",
        "computation": "paying_partners",
        "is_key": False,
        "target": 7,
    },
    {
        "area": "1",
        "code": "1d",
        "name_en": "National centre of excellence",
        "name_zh_hans": "国家级卓越中心",
        "unit_label_en": "centres",
        "unit_label_zh_hans": "个中心",
        "kind": "count",
        "computation": "",
        "is_key": False,
        "target": 0,
        "reported": (0, None, MID_TERM + " Not planned for Phase II.", MID_TERM_ZH + "第二阶段未作计划。"),
    },
    {
        "area": "1.1",
        "code": "1.1a",
        "name_en": "Clusters (pilot areas) selected",
        "name_zh_hans": "选定的产业集群（试点地区）",
        "unit_label_en": "clusters",
        "unit_label_zh_hans": "个集群",
        "kind": "count",
        "computation": "pilot_areas",
        "is_key": False,
        "target": 5,
    },
    {
        "area": "1.1",
        "code": "1.1b",
        "name_en": "MoUs signed with partners",
        "name_zh_hans": "与合作伙伴签署的谅解备忘录",
        "unit_label_en": "agreements",
        "unit_label_zh_hans": "份协议",
        "kind": "count",
        "computation": "agreements_signed",
        "is_key": True,
        "target": 5,
    },
    {
        "area": "1.2",
        "code": "1.2a",
        "name_en": "Staff of implementing agencies trained",
        "name_zh_hans": "接受培训的实施机构工作人员",
        "unit_label_en": "people",
        "unit_label_zh_hans": "人",
        "kind": "count",
        "computation": "",
        "is_key": True,
        "by_sex": True,
        "target": 35,
        "target_female_share": 60,
        "reported": (
            36,
            56,
            MID_TERM + " From the attendance lists of the training-of-trainers rounds since 2013; "
            "the system records ToT trainees from now on.",
            MID_TERM_ZH + "依据2013年以来师资培训的签到记录；今后由系统记录师资培训学员。",
        ),
    },
    {
        "area": "1.2",
        "code": "1.2b",
        "name_en": "Business plans developed by implementing agencies",
        "name_zh_hans": "实施机构制定的业务计划",
        "unit_label_en": "business plans",
        "unit_label_zh_hans": "份业务计划",
        "kind": "count",
        "computation": "",
        "is_key": False,
        "target": 4,
        "reported": (
            2,
            None,
            MID_TERM + " CEC and Chongqing Enterprise Confederation.",
            MID_TERM_ZH + "中国企业联合会和重庆市企业联合会。",
        ),
    },
    {
        "area": "1.2",
        "code": "1.2c",
        "name_en": "National expert trainers",
        "name_zh_hans": "国家级专家讲师",
        "unit_label_en": "expert trainers",
        "unit_label_zh_hans": "名专家讲师",
        "kind": "count",
        "computation": "expert_trainers",
        "is_key": True,
        "by_sex": True,
        "target": 4,
    },
]

RMB_PER_USD = "6.2"

CONTENT_ITEMS = [
    {
        "kind": "product",
        "published_on": D(2015, 8, 20),
        "title_en": "New SCORE brochure: the training process, methodology and modules",
        "title_zh_hans": "新版SCORE宣传册：培训流程、方法和模块",
        "languages": "zh",
        "formats_en": "E-version and hard copies",
        "formats_zh_hans": "电子版和印刷版",
        "who_en": "",
        "who_zh_hans": "",
        "text_en": "Introduces SCORE to interested parties and helps partners market it. Enquiries: zhoujie@ilo.org.",
        "text_zh_hans": "向有关各方介绍SCORE项目，帮助合作伙伴推广SCORE。咨询请联系 zhoujie@ilo.org。",
    },
    {
        "kind": "testimonial",
        "published_on": D(2015, 8, 31),
        "title_en": "",
        "title_zh_hans": "",
        "languages": "",
        "formats_en": "",
        "formats_zh_hans": "",
        "who_en": "An expert trainer, on the SCORE OSH module",
        "who_zh_hans": "一位专家讲师谈SCORE职业安全健康模块",
        # The expert trainer's words as the newsletter printed them.
        "text_en": "SMEs usually have a weak OSH management system and rarely have knowledge base for OSH issues. "
        "In addition, the characteristics of SMEs i.e. huge amounts, geographical scattering and complex industry "
        "types exacerbate the risks related to OSH management. SCORE OSH Module helps SMEs conduct hazards and risks "
        "mapping and assessment, and build an OSH system to effectively control risks. It encourages SMEs to develop "
        "low-cost projects to improve workplaces, create safe, healthy and decent working conditions, and ultimately "
        "lead to enhancing labour productivity. It is a management approach embodied with human-oriented values.",
        "text_zh_hans": "中小企业的职业安全健康管理体系通常比较薄弱，也很少具备职业安全健康方面的知识储备。此外，"
        "中小企业数量庞大、地域分散、行业类型复杂，这些特点加剧了职业安全健康管理的风险。SCORE职业安全健康模块帮助"
        "中小企业开展危害和风险识别与评估，建立职业安全健康体系，有效控制风险。它鼓励中小企业开展低成本的工作场所改善"
        "项目，创造安全、健康和体面的工作条件，并最终提高劳动生产率。这是一种体现以人为本价值观的管理方法。",
    },
]

NARRATIVE = {
    "period_start": D(2015, 6, 1),
    "period_end": D(2015, 8, 31),
    "executive_summary_en": "June to August was a busy training season for SCORE China. New trainers joined the "
    "SCORE trainer base, and the pilots in several areas moved forward in the enterprises and broadened the reach "
    "of SCORE. Partners are taking on more of the delivery themselves, as Phase II intends.",
    "executive_summary_zh_hans": "6月至8月是SCORE中国项目培训的繁忙季节。新讲师加入了SCORE讲师队伍，多个地区的试点"
    "在企业层面稳步推进，扩大了SCORE的影响。合作伙伴正按照第二阶段的设想，更多地自主开展培训。",
    "challenges_en": "Enterprise reporting after the modules is still uneven, so the results of the training are "
    "not yet fully known. Partners need more national expert trainers before they can run SCORE on their own.",
    "challenges_zh_hans": "企业在完成模块后的报告仍不均衡，培训成效尚未得到全面掌握。合作伙伴需要更多国家级专家讲师，"
    "才能独立开展SCORE培训。",
    "next_steps_en": "Agree reporting routines with each partner, so that every enterprise reports the core "
    "indicators after its module. Train more national expert trainers, so that partners can certify their own "
    "trainers. Put the country's gender action plan into practice.",
    "next_steps_zh_hans": "与各合作伙伴商定报告机制，确保每家企业在完成模块后报告核心指标。培养更多国家级专家讲师，"
    "使合作伙伴能够自行认证讲师。落实本国的社会性别行动计划。",
}

# People ILO staff invited who have not chosen their password yet: they cannot sign in until they follow the
# link of their invitation (People → the person shows "not chosen yet (invited)").
INVITED = [
    {
        "username": "chen.jing@cqec.example.org",
        "first_name": "Jing",
        "last_name": "Chen",
        "group": PARTNER_COORDINATOR,
        "memberships": [("CQEC", COORDINATOR)],
    },
    {
        "username": "zhao.lei@eti.example.org",
        "first_name": "Lei",
        "last_name": "Zhao",
        "group": PARTNER_VIEWER,
        "memberships": [("ETI", PartnerMembership.Role.VIEWER)],
    },
]
