"""clausewise: judge ISO 9001 audit evidence clause by clause, on durable-rules.

The library is layered parse -> compile -> evaluate -> judge:
:func:`clausewise.evidence.loader.load_dossier`, :func:`clausewise.rules.loader.load_pack`,
:func:`clausewise.engine.assess.assess`.
"""

__version__ = "0.1.0"
