"""A pytest plugin giving Debian 12's pydantic (1.10) the two names of pydantic 2 that
FlaskTester 5.1 calls to send a model (`model_dump`, `model_dump_json`): pydantic 1's `dict`
and `json`, which do the same. Without it, FlaskTester takes a pydantic 1 model for a dataclass
and fails in the client, before any request (its test_classes).
"""

import pydantic

if not hasattr(pydantic.BaseModel, "model_dump"):
    pydantic.BaseModel.model_dump = pydantic.BaseModel.dict
    pydantic.BaseModel.model_dump_json = pydantic.BaseModel.json
