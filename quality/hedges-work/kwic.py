import json, re, sys
from pathlib import Path
PAT = re.compile(r"\b(may|might|could|can|cannot|possibl\w*|perhaps|maybe|potential\w*|chances?|risks?|suggest\w*|indicat\w*|impl\w+|signs?|signal\w*|likely|unlikely|probabl\w*|would|should|must|'d|expect\w*|anticipat\w*|appear\w*|seem\w*|look\w*|apparent\w*|presum\w*|believ\w*|belief|think\w*|thought|suspect\w*|suspicion|assum\w*|consider\w*|regard\w*|seen|viewed|view|predict\w*|forecast\w*|project\w*|estimat\w*|fear\w*|worr\w*|concern\w*|nervous|doubt\w*|speculat\w*|uncertain\w*|unclear|unsure|sure|certain\w*|known|unknown|confirm\w*|question\w*|if|unless|provided|case|event|as long as|whether|subject to|depend\w*|pending|investigat\w*|probe\w*|inquir\w*|examin\w*|stud\w+|review\w*|evaluat\w*|assess\w*|test\w*|explor\w*|research\w*|analy\w+|said|reported\w*|reports?|understood|alleg\w*|supposed\w*|purport\w*|rumou?r\w*|sources?|analysts?|experts?|critics?|observers?|insiders?|accus\w*|charge\w*|claim\w*|hop\w+|warn\w*|prospect\w*|determin\w*|gauge\w*|watch\w*|some|many|others?|confiden\w*|apparently|plans?|intend\w*|due|set to|aim\w*|try\w*|attempt\w*|propos\w*|tentativ\w*|around|about|nearly|almost|roughly|approximately|seek\w*|want\w*|wonder\w*|guess\w*|feel\w*|felt|opinion|argu\w*|contend\w*|according)\b", re.I)
CORPUS = "/work/shared/corpus/wikinews/"
docs = set(sys.argv[1:])
for line in open(Path(__file__).resolve().parent.parent / "hedges-dev.jsonl", encoding="utf-8"):
    r = json.loads(line)
    if docs and r["doc"] not in docs:
        continue
    text = open(CORPUS + r["doc"] + ".txt", encoding="utf-8", newline="").read()
    for i, s in enumerate(r["sentences"]):
        for m in PAT.finditer(text, s["start"], s["end"]):
            cue = [c for c in s["cues"] if c["start"] <= m.start() < c["end"]]
            mark = cue[0]["type"] if cue else "-"
            left = text[max(s["start"], m.start() - 50):m.start()]
            right = text[m.end():min(s["end"], m.end() + 50)]
            print(f"{r['doc']}[{i}] {mark:14s} {left:>50s}[{m.group(0)}]{right}")
