from .report import Row

async def run(cfg):
    return Row("?", "auth: not written yet")
