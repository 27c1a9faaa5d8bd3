"""The attribution rules' vocabulary: reporting cues, and the patterns that tell a speaker's
clause, the newsroom's voice, narration, relays and glued headlines apart.

Word lists of names, titles and organisations are in names.py; this module holds what the
rules match in running text.
"""
from __future__ import annotations

import re

from . import names as N

# Reporting cues, matched as strings (segmenters tag several as nouns). Longest first.
CUES = sorted({
    "表示", "称", "说", "指出", "强调", "透露", "认为", "提到", "提及", "补充说", "补充道", "预测",
    "直指", "宣布", "回应", "回应称", "介绍", "证实", "否认", "呼吁", "警告", "重申", "坦言", "直言",
    "披露", "公布", "预告", "辩护称", "分析指出", "分析称", "声明称", "告知", "告诉", "写道", "说道",
    "谈到", "表态", "声称", "宣称", "坚称", "批评", "谴责", "敦促", "相信", "预计", "估计", "判断",
    "显示", "表明", "主张", "承认", "回答", "解释", "提醒", "建议", "问道", "感叹", "报道", "报道称",
    "发文称", "撰文称", "致辞称", "致辞表示", "发言表示", "讲话表示", "重申称", "指出称", "警告称",
    "评论称", "评论说", "分析说", "介绍说", "表示说", "提出", "说明", "申明", "阐述", "阐明",
    "告诫", "坦承", "断言", "感慨", "发文说", "撰文指出", "说过", "发布消息", "发布消息称",
    "发表社论指出", "发表社论称",
    # Hong Kong, Taiwan and overseas usage (matched in the Simplified reading of the text):
    # 他指，…… / 又指 / 续指 / 形容 / 质疑 / 笑言 / 痛批 / 讲.
    "指", "形容", "强调指出", "明确指出", "深刻指出", "郑重指出", "严正指出", "尖锐指出", "表示认为",
    "一致表示", "一致认为", "普遍认为", "纷纷表示", "感慨道", "分享道", "看来", "质疑", "反驳", "笑言", "笑说", "笑称",
    "痛批", "狠批", "怒批", "炮轰", "抨击", "驳斥", "斥责", "怒斥", "批", "轰", "斥", "直斥",
    "确认", "澄清", "表明", "指称", "指控", "指责", "控诉", "揭露", "爆料", "预料", "预期", "估算",
    "担心", "担忧", "觉得", "记得", "慨叹", "补充", "讲", "讲述", "回复", "声明", "举例说", "举例指",
    "坦言", "直指", "承诺", "保证", "强烈谴责", "引述", "转述", "援引",
    # praise and counsel with a proposition after them: 她赞扬何早于……投资兴业 / 他叮嘱，……
    "赞扬", "称赞", "叮嘱", "分析", "指示",
    # Taiwan's spelling of 报道
    "报导", "报导称", "报导指",
}, key=len, reverse=True)
CUE_RE = re.compile("|".join(map(re.escape, CUES)))
# Cues that can take their content with no punctuation: 阿斯麦表示荷兰政府已吊销……
INLINE_CUES = {"表示", "认为", "指出", "强调", "透露", "宣布", "预测", "相信", "承认", "证实", "称", "说",
               "呼吁", "敦促", "否认",
               "坦言", "直言", "声称", "宣称", "坚称", "重申", "警告", "预计", "估计", "披露",
               "形容", "质疑", "笑言", "笑说", "笑称",
               "痛批", "狠批", "怒批", "炮轰", "抨击", "驳斥", "斥责", "怒斥", "直斥", "确认", "澄清", "指称",
               "指控", "指责", "揭露", "爆料", "预料", "预期", "担心", "担忧", "觉得", "讲", "指", "批",
               "赞扬", "称赞"}
# Cues that need a following punctuation mark or quote to introduce content.
PUNCT_ONLY_CUES = {"提出", "说明", "阐述", "阐明", "申明", "主张", "建议", "解释", "介绍", "显示",
                   "表明", "判断", "回答", "批评", "谴责", "补充", "回复", "声明", "反驳", "控诉", "记得",
                   "慨叹", "讲述", "承诺", "保证", "强烈谴责", "轰", "斥", "估算", "叮嘱", "分析", "指示"}
# Cues followed by whom they address before the content: 告诉记者，…… / 告知其盟友，……
OBJECT_CUES = {"告诉", "告知", "提醒", "回答", "敦促", "回应", "反驳", "质问", "警告", "批评", "痛批",
               "炮轰", "抨击", "斥责", "怒斥", "直斥", "驳斥", "回复", "谴责", "强烈谴责", "指责", "促请", "批", "轰"}
# Announcement cues: their content is a report of facts, which stops at a new subject.
REPORT_CUES = {"公布", "宣布", "报道", "报道称", "报导", "报导称", "报导指", "披露", "显示", "表明", "透露", "发文称", "撰文称",
               "发布消息", "发布消息称"}
# A cue string that is part of another word: 被认为, 名称, 说明书, 据说 ...
FALSE_BEFORE = {
    "认为": "被", "称": "名简号堪著俗昵尊职相对统自谓声", "说": "据虽听传小游劝演解学",
    "介绍": "据", "报道": "据", "报导": "据", "表示": "", "指出": "", "估计": "据", "预计": "", "提出": "",
    "透露": "据",
    # 指: 手指, 所指 (a relative clause), 意指; 批: 审批, 获批, 一批; 讲: 演讲, 宣讲, 讲话 (after).
    "指": "手食拇屈首所意遥剑矛二一暗直特专泛确", "批": "审获报一大这那首同两上下分逐整成小", "讲": "演宣开主听讲",
    "轰": "炮", "斥": "充排训驳怒直痛", "声明": "发布表联的份项", "确认": "经未被再待须需已", "表明": "已",
    "担心": "不别", "担忧": "不", "觉得": "不", "记得": "不还", "预期": "超符", "补充": "",
}
FALSE_AFTER = {
    "称": "为作之赞霸号职得谓呼道心颂", "说": "明服法过话书辞起成到", "介绍": "了给", "表示": "了着过出",
    "显示": "了出器屏", "提出": "了", "公布": "了的于", "宣布": "了的", "报道": "了的中", "报导": "了的中", "指示": "了的牌灯器标",
    "认为": "的", "强调": "了的", "指出": "了的", "回答": "了的", "提到": "了的", "说明": "了书会",
    "解释": "了", "否认": "了", "承认": "了", "批评": "了", "谴责": "了", "建议": "的了", "主张": "的了",
    "相信": "的了", "判断": "的了", "预计": "的", "估计": "的", "提醒": "了", "呼吁": "了",
    "指": "导挥标数定南引向示令纹甲明派望点正名针头尖日环纹使责控称出手日", "批": "准示判复文次量发号件评", "讲": "话座解述究课台学",
    "轰": "动炸击炸鸣隆", "斥": "资", "声明": "的了中书稿", "确认": "了的书函", "表明": "了的",
    "担心": "的了", "担忧": "的了", "觉得": "的", "记得": "的", "预期": "的目", "补充": "了的道说", "形容": "词",
    "讲述": "了的", "回复": "了的", "赞扬": "了的", "称赞": "了的", "分析": "了的师员人家", "估算": "的", "爆料": "的", "揭露": "了的",
}
CJK_RE = re.compile(r"[\u3400-\u9fff]")
# The newsroom's own voice: it ends whatever was being reported.
NEWSROOM_RE = re.compile(
    r"^(?:值得(?:一提|注意|关注|警惕|玩味)的是|[^，。]{0,8}(?:注意到|了解到|获悉|查询发现)|据悉|据了解|"
    r"据介绍|数据显示|资料显示|公开资料显示|记者|另据|此外，据|与此同时|外界认为|分析认为|有分析|"
    r"按计划|根据计划|按照计划|据统计)"
)
STOP_INSIDE_RE = re.compile(r"，(?=美其名曰|直新闻注意到|记者注意到|值得一提的是|值得注意的是)|一事(?=，)")
# Narration about an event rather than speech: 会议由李在明主持 / 王毅参加上述活动.
NARRATION_RE = re.compile(r"由[^，。]{1,20}主持|参加(?:了)?(?:上述|以上)?活动|出席(?:了)?(?:上述|会议|活动)|陪同|会见时")
ABSOLUTE_DATE_LEAD_RE = re.compile(
    r"^(?:\d{4}年[^，。]{0,8}|(?:去|前)年[^，。]{0,6}|(?:当地时间)?\d{1,2}月?\d{0,2}日[^，。]{0,4}|"
    r"本月\d{1,2}日[^，。]{0,4}|当地时间[^，。]{1,10})，"
)
# A date that opens the speaker's own recollection: 2022年11月我访问泰国，……
DATE_LEAD_FIRST_PERSON_RE = re.compile(r"^(?:\d{4}年|(?:去|前)年)[^，。我]{0,8}(?:我们|我)")
CONNECTIVES = ("如果", "但", "而", "同时", "因此", "所以", "只要", "无论", "虽然", "尽管", "相反",
               "事实上", "实际上", "特别是", "尤其", "这", "此", "其", "并", "且", "也", "还", "然而",
               "否则", "总之", "只有", "不仅", "更", "一方面", "另一方面", "不过", "对此", "为此", "它",
               "他们", "这些", "此外")
# Pronouns that open a sentence: in opinion they carry the speaker's thought on (这并不是……),
# in a report of facts they open the reporter's next sentence (这架货机属于……).
DEMONSTRATIVES = ("这", "此", "其", "它", "这些")
# An inline statement whose clause ends on a date is a headline glued to the next dateline
# (德知名智库称美关税政策阻碍德经济复苏12日，……).
HEADLINE_DATELINE_RE = re.compile(r"(?<![\d月年])\d{1,2}日$")
FIRST_PERSON = ("我们", "我", "咱们")
LEADING_RE = re.compile(
    r"^(?:正如|诚如|如同|虽然|尽管|即使|即便|不过|但是|但|而且|而|此外|另外|同时|对此|其中|随后|此前|与此同时|然而|因此|所以|并且|并|且|另据|又|一直|及后|其后|当年|同年|当时|"
    r"就此|对于此事|此次会议上|会上|会后|当天|当日|同日|日前|近日|近期|昨天|今天|目前|最近|此间|早前|较早前|稍早|"
    r"(?:当地时间)?\d{1,2}日(?:上午|下午|晚|晚间|早些时候)?|本月\d{1,2}日|本周|上周|)"
)
TRAILING_RE = re.compile(
    r"(?:也|还|则|都|均|又|曾|亦|更|再次|多次|一再|反复|进一步|同时|随即|随后|此前|日前|近日|当天|当日|"
    r"同日|稍晚|稍早|普遍|公开|明确|专门|特别|仍然|仍|已经|已|正式|率先|首次|分别|纷纷|不断|积极|"
    r"就此|对此|为此|并|而|随之|早前|曾经|今日|昨日|今天|昨天|本周|上周|周[一二三四五六日]|当晚|"
    r"去年底|去年年底|年底|年末|月底|去年|今年|前年|首先|其次|接着|继而|改口|强烈|严厉|严正|坚决|"
    r"较早时|较早前|当时|及后|其后|立刻|立即|马上|(?:复会|休会|散会|会|事|赛|庭)后|回忆|总结|"
    r"应询|应约|补充|解释|澄清|反驳|审理|最新一期|最新|则于|亦于|也于|并于|已于|曾于|正在|"
    r"书面(?:回复|回应|答复)[^，。]{0,12}?(?:时)?|(?:上|下|本|这)(?:个)?(?:星期|周|礼拜)|年初|月初|此后|最后|最终|在此之前|随后又|后来|同样|也都|着重|坦率地|直截了当地|"
    r"(?:上|下|本|这|今|昨)?(?:个)?(?:星期|周|礼拜)[一二三四五六日天]|今日|昨日|今早|今晨|昨晚|昨夜|今晚|早前|较早前|"
    r"稍后|日内|近月|早些时候|本月早些时候|去年初|今年初|(?:去|今|明)年\d{1,2}月|\d{1,2}月|续|另|再度|再次|"
    r"个人|私下|亲自|一度|曾经|早已|首度|回复|如此|这样|这么|一面|"
    r"(?:不客气|直截了当|坦率|明确|公开|强硬|严厉|罕见|高调|低调|激动|平静|不点名|毫不留情|语重心长|斩钉截铁|"
    r"委婉|含蓄|直白|坦白|认真|郑重|严肃|简短|笑着|无奈|愤怒|激动)地|"
    r"同一天|同一日|当天晚些时候|近期|最近|近来|目前|集体|共同|联合|（[^）]{1,12}）|通报|发文|"
    r"(?:谴责|批评|欢迎|赞赏|感谢|回应)并|"
    r"(?:当地时间)?\d{1,2}日(?:上午|下午|晚|晚间)?|本月\d{1,2}日|"
    r"[今昨前明]（\d{1,2}）日(?:上午|下午|晚|晚间)?|"  # Taiwan's dates: 今（7）日, 昨（6）日
    r"在[^，。在]{1,30}?(?:上|中|时|里|期间|之际|前|后)|"
    r"在[^，。在]{1,20}?(?:举行|出席|参加|访问|会见|会谈|接受|发表|召开|会晤)[^，。的]*|"
    r"(?:对|向|跟|同|给|接受)(?:此|记者|媒体|本报|本台|直新闻|[^，。]{1,12}?(?:记者|媒体|采访|访问|专访|新闻|电视台|报|社))(?:采访)?(?:时)?|"
    r"(?:对|向|跟|同|给)[^，。“”「」]{0,12}?(?:记者|媒体|传媒|批评者|议员|民众|外界|国会|法庭|法官|陪审团|听众|"
    r"观众|支持者|选民|员工|学生|与会者|官员|人员|家属|市民|居民|网民|公众|对方|他|她|他们|她们|我们|"
    r"通讯社|电视台|电台|频道|节目|报社|报章|杂志|网站|本报|本台|本网|议会|大会)|(?:接受|回应|回答|答复|被问到|被问及|谈到|谈及|提到|出席|见)[^，。“”「」]{1,25}?(?:时|后|上|中)|"
    r"在[^，。“”「」]{1,25}?(?:受访|访问|采访|节目|专访|发布会|记者会|论坛|会议|活动|仪式|典礼|网志|帖文|专页|社交媒体)(?:上|中|时|里)?|"
    r"在\s*(?:Facebook|facebook|Twitter|Instagram|YouTube|Threads|X平台|脸书|面书|微博|微信|社交媒体|社交平台|网志)\s*(?:上|专页|帖文)?|"
    r"(?:受访|在受访)时|见记者时|会见记者时|(?:致词|致辞|讲话|发言|演讲|答询|答问|质询|视察|巡视|接见|会见|见客|主持会议|出席[^，。]{0,12}|接受[^，。]{0,12}采访)时|"
    r"(?:会见|会谈|会晤|通话|通电话|接受|出席|参加|考察|调研|视察|致辞|讲话|答问|回答|谈及|谈到|听取|主持|"
    r"参观|看望|慰问|总结)[^，。]{0,24}?时|对外|向外界|向社会|"
    r"通过[^，。]{1,15}|以[^，。]{1,10}(?:身份|名义)|发文|发帖|撰文|致辞|发言|讲话|发稿|发新闻稿|发声明|发出声明|发表声明|"
    r"分析|回应|答问|答记者问|表态|在线|公开|"
    r"(?:向|给)[^，。]{1,20}?(?:致|发)(?:贺信|贺电|信|函|视频致辞|书面致辞|致辞)(?:中|时)?|"
    r"发表|发布|(?:发表|发布|公布|举行|召开|接受)[^，。]{0,12}?(?:声明|讲话|消息|文章|报告|数据|社论|评论|记者会|新闻发布会|发布会|"
    r"采访|推文|视频讲话|简报会|电话简报会)|)$"
)
RELAY_RE = re.compile(r"^(?P<via>.+?)(?:也|还|则)?(?:引述|援引|引用|转引|转述)(?P<src>.+?)(?:的话|的消息|的说法|的表态|的观点)?$")
DOC_SUFFIX_RE = re.compile(
    r"^(?P<src>.+?)(?:的|发布的|公布的|发表的|在)?(?:声明|报告|消息稿|新闻稿|公告|通报|官网|网站|官方网站|"
    r"文章|社论|评论文章|评论|推文|帖子|调查报告|文件|白皮书|公报|消息|简报|报道|新闻公报|声明稿|"
    r"网站消息|发言|致辞|讲话|贺电|贺信|来信|信|答问|通告)$"
)
ACCORDING_RE = re.compile(
    r"(?:根据|据)(?P<src>[^，。；“”]{2,30}?)(?:的)?(?:(?P<verb>公布|发布|披露|报道|报导|援引|透露|宣布|测定|统计|监测|"
    r"呈交|提交|提供)(?:(?<=呈交|提交|提供)[^，。；“”]{0,8}?)?(?:的)? ?"
    r"(?:消息|报道|报导|声明|公告|通报|数据|数字|资料|报告|文件|新闻稿|消息稿)?|(?P<noun>报道|消息|声明|公告|通报|报告|介绍|称|统计|测定|"
    r"说法|报导|报道指|报道称|引述|指|新闻稿|通稿|公报|观察|估计|估算|调查|分析))\s?，"
    # 据朝中社，…… / 据路透社，……: an outlet named alone (checked to be one by the rules)
    r"|据(?P<outlet>[^，。；“”]{2,12}?(?:社|台|报|网|新闻|时报|日报|邮报|周刊|电视|广播公司|通讯社|媒))，"
)
ANAPHORS = {
    "他": "person", "她": "person", "他们": "group", "她们": "group", "该名官员": "官员", "该官员": "官员", "这位官员": "官员", "这名官员": "官员",
    "上述官员": "官员", "该人士": "人士", "这位人士": "人士", "该发言人": "发言人", "这位发言人": "发言人",
    "报道": "media", "该报": "media", "该社": "media", "该媒体": "media", "该报道": "media",
    "该网站": "media", "该报告": "doc", "报告": "doc", "声明": "doc", "该声明": "doc", "该部": "government",
    "该机构": "government", "该公司": "organization", "该组织": "organization",
    "文章": "doc", "文中": "doc", "该文": "doc", "白皮书": "doc", "公报": "doc", "决议": "doc",
    "公告": "doc", "该公告": "doc", "通告": "doc", "新闻稿": "doc", "该新闻稿": "doc",
    "会议": "meeting", "全会": "meeting", "会议公报": "doc", "会议决定": "doc",
}
ATTITUDE_RE = re.compile(
    r"^(?:热烈|衷心|诚挚|真诚|高度|强烈|坚决|严重|深切|深表|深感|极大|十分|非常|很|充分|完全)?"
    r"(?:欢迎|感谢|祝贺|支持|赞赏|关切|关注|遗憾|不满|愤慨|同情|慰问|哀悼|敬意|歉意|理解|认可|赞同|肯定|"
    r"满意|担忧|忧虑|震惊|反对|抗议|谢意|感激|钦佩|赞赏和欢迎|欢迎和赞赏|赞赏和支持)"
)
COUNTRY_NAMES = sorted(set(N.COUNTRIES) | {"以色列", "黎巴嫩", "巴勒斯坦", "印尼"}, key=len, reverse=True)
# A title, then a name ended by what usually follows a name in news prose.
TITLE_RE = re.compile("|".join(sorted(N.NAMING_TITLES, key=len, reverse=True)))
NAME_AFTER_TITLE_RE = re.compile(
    r"(?P<name>[\u3400-\u9fff]{1,6}·[\u3400-\u9fff]{1,8}|[\u3400-\u9fff]{2,7}?)"
    r"(?=同|与|和|在|表示|说|称|指出|强调|，|。|、|会见|会谈|举行|通电话|访问|出席|发表|当天|日前|近日|"
    r"率领|率|一行|夫妇|等|今天|昨天|（|\d)"
)
HEARSAY_RE = re.compile(r"^(?:有|据)(?:媒体|外媒|[^，。]{0,6}媒体(?=报道|消息))?(?:报道|消息|传言|评论|分析|文章|媒体)?$|^据")
GROUP_MENTION_RE = re.compile(
    r"(?:多国|国际|各界|外国|海外|业内|各国|多方|当地|与会|中外|多位|多名|部分|一些|不少)"
    r"[\u3400-\u9fff]{0,4}?(?:人士|专家|学者|代表|民众|网民|政要|嘉宾|企业家)")
SENTENCE_NAME_RE = re.compile(r"(?:^|[。！？\n])(?P<name>[\u3400-\u9fff]{3})")
# Bodies named by their kind alone, which stand for the one named in full before.
GENERIC_BODIES = {"使馆", "大使馆", "领事馆", "总领馆", "使团", "代表团"}
# A headline run into the text: a space inside, or another cue (俄称……乌称……俄罗斯国防部).
GLUED_RE = re.compile(r"\s|称|表示|说|^(?!.*(?:——|、)).{21,}")
APPOSITIVE_RE = re.compile(
    r"(?:制造商|供应商|生产商|公司|企业|巨头|集团|厂商|运营商|智库|机构|银行|媒体|通讯社)"
    r"(?P<name>[\u3400-\u9fff]{2,5}?|[A-Za-z][A-Za-z0-9&.-]{1,20})(?=的|表示|称|说|，|。|宣布|指出)"
)
MEETING_HOLDER_RE = re.compile(
    r"(?:^|[，。；？：:\n])(?P<src>[^，。；？：:\n]{2,30}?)(?:\d{1,2}月)?(?:\d{1,2}日)?(?:上午|下午|晚)?"
    r"(?:在[^，。]{1,15})?(?:召开|举行|主持召开)了?[^，。]{0,25}?(?:会议|全会|大会|座谈会|常务会议)"
)
DOC_AUTHOR_RE = re.compile(
    r"(?:^|[，。；？：:\n])(?P<src>[^，。；？：:\n]{2,30}?)(?:周[一二三四五六日]|\d{1,2}日|近日|日前|今天|昨天|此前)?"
    r"(?:发表|发布|公布|出台|出炉)了?(?:的)?(?:一份|最新|年度|一项)?(?:《[^》]{1,40}》)?(?:报告|声明|文件|白皮书|公告)"
    r"|(?:^|[，。；？：:\n])(?P<src2>[^，。；？：:\n]{2,30}?)在(?:其|最新)?(?:报告|声明)中"
    r"|(?P<src3>[^，。；？：:\n]{2,40}?)的(?:重要|署名)?(?:文章|讲话|报告)《"
    r"|(?:^|[，。；？：:\n])(?P<src4>[^，。；？：:\n]{2,30}?)(?:发表|发布|公布)了?《[^》]{1,60}(?:报告|声明|白皮书|公告|文件)》"
)
# A glued headline: words, a space, more words, with no punctuation (台风“海鸥”在越南登陆 引发灾情).
HEADLINE_RE = re.compile(r"[\u3400-\u9fff”][ \u3000][\u3400-\u9fff“]")
TIME_CLAUSE_RE = re.compile(r"(?:近日|日前|近期|此前|随后|当天|目前|(?:当地时间)?\d{1,2}日|本周|上周|昨天|今天)，")
# Clauses that set the scene before the subject: 针对……，/ 在……上，/ 昨天，
SETTING_CLAUSE_RE = re.compile(r"^(?:针对|对于|关于|随着|在|据|当地时间|为)[^，。]*$|^[^，。]{0,6}(?:时|后|前|期间)$")
# A first clause that dates an event (X30日召开……, 11月8日，……): the reporter narrates again.
DATED_EVENT_RE = re.compile(r"^[^，。“”]{2,30}?(?<![\d月年])\d{1,2}日(?:上午|下午|晚)?(?:召开|举行|发生|举办|在)")
# Narration resumes after the event: 会见结束后，……
AFTER_EVENT_RE = re.compile(r"^(?:会见|会谈|会晤|会议|通话|活动|仪式|访问|签字仪式)[^，。]{0,6}?(?:结束)?(?:后|之后)，")
# A cue with its comma or colon: the content that follows is someone's speech.
PUNCT_CUE_RE = re.compile("(?:" + "|".join(map(re.escape, CUES)) + ")[，：:]")
# A bulletin's next item, glued on: 今天（11月8日），……
NEW_ITEM_RE = re.compile(r"(?:今天|今晚|昨天|日前)?（\d{1,2}月\d{1,2}日）")
# A clause in the newsroom's voice anywhere in a sentence: ……，深圳卫视注意到，……
NEWSROOM_CLAUSE_RE = re.compile(r"(?:^|，)[^，。]{0,8}(?:注意到|了解到|获悉|发现)，")
NEWSROOM_LEAD = re.compile(
    r"^(?:值得(?:一提|注意|关注|警惕|玩味)的是|[^，。]{1,8}(?:注意到|了解到|获悉)|据悉|据了解|"
    # a dateline in brackets: （中央社记者温贵香台北7日电）, （华盛顿讯）
    r"[（(][^（）()]{0,30}(?:电|讯|报道|报导)[）)]\s*|"
    # a photo credit run into the text: 新华社记者 丁林 摄
    r"[^，。\s]{0,8}记者\s?[\u3400-\u9fff]{2,4}(?:、[\u3400-\u9fff]{2,4})*\s?摄\s*)"
)
# Opinion and policy speech: modal verbs, stances, the speaker's own voice.
OPINION_RE = re.compile(
    r"应该|应当|应|要|必须|需要|希望|愿|坚持|坚决|反对|支持|主张|呼吁|敦促|相信|认为|不能|不会|绝不|"
    r"致力于|一贯|始终|重要|意义|我们|我|中方|双方|将继续|期待|欢迎|赞赏"
)


def reads_as_report(sentence: str) -> bool:
    """A report of facts (numbers, completed events) with no stance in it: it stops where a
    sentence with a new subject begins."""
    return not OPINION_RE.search(sentence) and bool(re.search(r"\d|了|已经|已", sentence))


# Speech that opens on its topic: 针对……一事，俄方……
FRAMED_TOPIC_RE = re.compile(r"(?:针对|对于|关于)[^，。]{1,40}一事，")
# What a report's sentence is about: 地震已造成…… / 此外，俄军继续…… (time and additive words skipped).
REPORT_SUBJECT_RE = re.compile(
    r"^(?:此外|另外|同时|与此同时|其中)?，?(?:(?:当天|当日|同日|此前|随后|目前)，?)?(?P<subject>[\u3400-\u9fff]{2})")


def report_subject(sentence: str) -> str | None:
    """The first two characters of a report sentence's subject, for telling whether the next
    sentence still reports on the same thing (地震还导致……)."""
    m = REPORT_SUBJECT_RE.match(sentence)
    return m.group("subject") if m else None

# A writing referred to by what it is: its writer speaks through it.
WRITINGS = ("文中", "文章", "该文", "此文", "全文")


# A dateline of a Taiwan newsroom: （中央社记者温贵香台北7日电）, （记者王小明／台北报导）.
TAIWAN_DATELINE_RE = re.compile(r"[（(](?:中央社|[^（）()]{0,20}[台臺]北[^（）()]{0,12}(?:电|报导|报道)[）)])")


def is_taiwan_news(outlet: str | None, text: str) -> bool:
    """Written in Taiwan: by one of its outlets, or under a Taiwan dateline (read in the first
    lines, where datelines stand)."""
    return bool(outlet and outlet.startswith(N.TAIWAN_OUTLETS)) or bool(TAIWAN_DATELINE_RE.search(text[:400]))
