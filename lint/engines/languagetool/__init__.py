"""LanguageTool for typolint: install the jars, run one shared local server, check prose with it.

Getting a server (pick one)::

    typolint languagetool install                  # Maven Central -> user cache (needs mvn, Java 17+)
    typolint languagetool install --source python  # language-tool-python's download (needs internet)
    typolint languagetool uninstall                # jars, Maven downloads, result cache, server state
    # or use a server you already run; nothing is installed or started then:
    #   LanguageToolConfig(url="http://localhost:8081"), or `typolint check --languagetool-url URL`

The managed server listens on 127.0.0.1 only, is shared by concurrent runs and stops itself
after ``idle_timeout`` seconds unused::

    typolint server start | status | stop

Python API::

    from lint.engines.languagetool.engine import LanguageToolEngine
    engine = LanguageToolEngine(config.languagetool, config.vocabulary)   # contacts nothing
    hits, errors = engine.check(sources)   # list[list[Hit]] (code points of TextSource.text),
                                           # list[EngineError]: one line each, naming the server log
    pending = engine.start(sources)        # the same, in the background: requests in flight while
    hits, errors = pending.result()        # the caller works; answers become hits as they arrive

Modules: ``client`` (the only door to the server and to language-tool-python), ``server`` and
``supervisor`` (the managed JVM, verified to own its socket), ``cache`` (private result cache),
``catalogue`` (LanguageTool's rule descriptions and examples, from the jars), ``install``,
``commands`` (``typolint languagetool ...`` and ``typolint server ...``).

Environment: ``TYPOLINT_CACHE_DIR`` moves the whole cache (jars, server state, result cache);
``TYPOLINT_LT_HOME`` moves only the jars (``<cache>/languagetool-6.8``).
"""
