"""Words that say nothing of what a paper is about: the words of argument (ABSTRACT_PROSE), the
words every field's abstracts use (RESEARCH_PROSE) and the adjectives of titles (NOT_NAMES). No
topic is named by one of them alone, and no related paper is explained by one
(:func:`says_nothing`).

ABSTRACT_PROSE: words abstracts use and titles hardly ever do ("despite", "achieving",
"findings"): they say how a paper argues, not what it is about, so two papers sharing them are
not related for it. Printed by
``benchmarks/research_prose.py CORPUS --abstract-only`` from the 13,436 papers of the shared
corpus: words in at least 100 abstracts and in titles less than 1.5% as often (topic words
such as "video" or "speech" are in titles a fifth to a half as often as in abstracts).
"""

ABSTRACT_PROSE = frozenset(
    """
    able above absence accessible according account accuracy accurately achieve achieved
    achieves achieving actively adaptability adapted adaptively adapts adding addition
    additional additionally address addresses adopt adopted adoption adopts advance advancement
    advancements advances advantages after aim aime aiming aims aligns alleviate allow allowing
    allows alone along alongside also although among amount analyze annotated another appear
    applicability applicable applies apply applying approaches appropriate approximately
    architectural area areas argue arise article aspect assess assume assumption assumptions
    attempt attempts automatically autonomously available average avoid b-instruct backbones
    baselines be because become becomes becoming been being believe below benchmarks besides
    best blocks both broad broader budgets built but call called calls cannot capable capture
    captured captures carefully cases cause caused causes central changes characterize
    characterized checkpoints choices classes claude clips close closely collect collected com
    combine combined combines commonly comparable compare compared comparisons complementary
    components comprehensively comprises comprising compromising computational computationally
    concerns conduct conducted configurations confirm consequently consider considerable
    considered considering consistently consisting consists construct constructed constructs
    consumption contain containing contains continuously contrast contribute contribution
    contributions conventional converts correct corresponding cost costly costs could
    counterparts cover covering covers creates crucial crucially curate curated current
    currently decomposes decouples dedicated define defined degrades delivering delivers demand
    demands demonstrate demonstrated demonstrates demonstrating depend dependencies depends
    deployed derive describe described designed designs desired despite detailed details
    detected determine develop developed differences different difficult directly discuss
    discussed distinct distinguish downstream due during dynamically each earlier easily
    effectively effectiveness effort efforts eight either emerged empirically employ employed
    employing employs enable enabled enables encode encodes encompassing end ensure ensures
    ensuring entire entirely equipped especially essential establish established establishes
    establishing estimate etc evaluate evaluated evaluates evaluations even examine excel excels
    execute exhibit exhibiting exhibits existing expected expensive experiments explicitly
    exploit explored explores extend extends extensive extract extracted extracts facilitate
    facilitates fact fail failing fall featuring few fewer fid fill final finally find findings
    first fit five fixed flexibility focus focuses followed follows formalize format formulate
    found four frameworks frequently fundamental fundamentally further furthermore gained gains
    generalize generalizes generally generates github give given gives goal greater greatly
    ground-truth handle handling has have having heavily hence here highest highlight
    highlighting highlights hold hope however https huggingface identical identified identifies
    identify if illustrate imagenet implement implemented important importantly impressive
    improvement improvements in-domain include includes including inconsistent incorporate
    incorporates incorrect increase increased increases increasing increasingly independently
    indicate indicates indicating inefficient inherent inherently innovations innovative insight
    instead insufficient integrate integrates interact interest interesting interpret introduce
    introduced introduces investigate investigated involve involves involving io irrelevant
    isolated issue issues it iteratively its itself jointly key known lack lacking lacks largely
    larger largest later latest latter lead leading leads learns leaving led leverage leverages
    likely limitation limitations limited limiting low-level main mainly mainstream maintain
    maintaining maintains major majority manner manual manually many matches may meaningful
    meanwhile measured merely methods might minimizing mitigates modifications module moreover
    most mostly motivated much must namely naturally nearly newly notable notably numerous
    objective observe obtain obtained offer offering offers often ones only onto operate
    operates operating optimizes or original other others our out-of-domain outperform
    outperforming outperforms output outputs overall overcome overhead overlook page paired
    paper paradigms particular particularly peak perform performance performed performs
    phenomenon plays poor poorly popular poses positions potentially powerful precisely
    predicted predictions predicts predominantly present presented presents preserve preserves
    previous previously primarily primary principles produce produces producing progressively
    project promise promising propose proposed proposes proprietary protocols prove provide
    provided provides providing publicly purely quantify raises range ranging rapid rapidly
    rather reaches realism recent recently reduce reduces redundant refines reflect related
    relatively release released relevant reliably reliance relies rely relying remain remains
    remarkable remarkably reported represent representative represented represents require
    required requires requiring researchers resolve respect respectively restricted result
    resulting results retain retaining reveal reveals rigorously rise run runs same samples
    scalability scarcity scores seamlessly seen segments select selected selectively selects
    separate serve serves setting settings setup seven several severe share show showing shown
    shows significant significantly similar simultaneously since six sizes smaller so solely
    sophisticated sota spanning spans specific specifically specified speedup stages standard
    starting state-of-the-art steps still straightforward strengths strict strongest struggle
    studied studies suboptimal subsequent subsequently subset substantial substantially success
    successful successfully such suffer suffers suggest suggesting suggests suitable superior
    superiority supported supports surpass surpasses surpassing surprisingly synthesize
    synthesizes systematically tackle tailored takes targets task-specific tend term termed
    terms tested than that their them then theoretically there thereby therefore these they this
    those though three throughout thus times together traditional trained trains transfers treat
    treats two types typical typically ultimately unclear underexplored underlying underscoring
    understood unexplored unifies unique unlike upon us used useful uses usually utilize
    utilizes validate validated valuable vanilla variant variants variations variety various
    varying vast was we well were where whereas whether which while whose wide widely widespread
    will within work works would years yet yielding yields
    """.split()
)

RESEARCH_PROSE = frozenset(
    """about addition all also an analysis and any approach are as associated at based be been between both
but by can case cases considered corresponding defined density derive derived describe different
dimensional discuss due dynamics energy even field fields finally find first for form free from
function general generated give given has have here how however if in independent into investigate
is it its large like long many may method model models more most new non not number obtain obtained
of on one only or order other our out paper particular point possible present problem properties
recent recently related result results same second set several show shown single so some space state
strong structure study such system than that the their them then theory there these they this those
three through time times to two type under use used using value various via way we well when where
which while with within""".split()
)
"""Words every field's abstracts use (printed by benchmarks/research_prose.py): never a topic's
name or one of its phrases alone ("Energy", "Model"), though inside one ("dark energy") they are."""

NOT_NAMES = RESEARCH_PROSE | frozenset(
    "deep neural learning large efficient robust scalable unified novel simple general improved towards".split()
)
"""Words that never name a topic on their own: every field's prose, and the adjectives of titles."""


def says_nothing(term: str) -> bool:
    """Whether a shared term explains nothing: all its words are words of argument ("despite",
    "compared with"), or it is one word every field uses or a title's adjective alone ("model",
    "energy", "simple"; "dark energy" and "state space" say something)."""
    words = term.split()
    return ABSTRACT_PROSE.issuperset(words) or (len(words) == 1 and term in NOT_NAMES)
