from .report import Row

async def run(cfg):
    return Row("?", "malformed: not written yet")
