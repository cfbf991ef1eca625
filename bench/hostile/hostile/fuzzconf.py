from .report import Row

async def run(cfg):
    return Row("?", "fuzzconf: not written yet")
