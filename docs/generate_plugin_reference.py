"""Write docs/plugin-reference.md: each hook's contract, the names of ``classwalk.plugin``
and the test kit, from the code (the hook specifications, signatures and docstrings).

``make docs`` runs it (through generate_records.py); a test fails while the file and the
code differ.
"""

from __future__ import annotations

import inspect
from pathlib import Path

PLUGIN_REFERENCE_OUTPUT = Path(__file__).with_name("plugin-reference.md")

INTRO = """\
# Plugin reference

Generated from `core/plugins/hookspecs.py`, `classwalk/plugin.py` and `classwalk/testing.py` by
`docs/generate_plugin_reference.py`; do not edit by hand. [hooks.md](hooks.md) explains
the hooks with examples, [writing-a-plugin.md](writing-a-plugin.md) builds a whole plugin,
and [records.md](records.md) lists every field of every record.

## What you may rely on

Import what a plugin needs from one module:

```python
from classwalk.plugin import hookimpl, Pattern, TimingStatus, status_from_timing
```

(`from classwalk import ...` offers the same names.) Every name in `classwalk.plugin`
keeps its meaning, arguments and fields for as long as `HOOK_API` (now {api}) stays the
same; a change that would break a plugin raises `HOOK_API`. Names may be added at any
time. Modules under `classwalk.core` and `classwalk.features` are classwalk's own and may
change in any release.
"""

DECLARATIONS = """\
## What a plugin module may declare

| name | value | what it does |
| --- | --- | --- |
| `CLASSWALK_HOOK_API` | a whole number (default 1) | the hook API the plugin is written for; a newer one than classwalk's is not loaded (`IncompatibleHookAPI`) |
| `CLASSWALK_EXTENDS` | a list of protocol ids (default none) | protocols (and those based on them) the plugin answers for besides the ones it registers |
| `CLASSWALK_CROSS_PROTOCOL` | `True` or `False` (default) | `True`: an add-on that may answer for every protocol |

A plugin answers only for the protocols it registers, those in `CLASSWALK_EXTENDS`, and
every protocol based on one of them (`protocol.is_a(id)`); an answer for any other
protocol is dropped and recorded as `OutOfScope`, unless `CLASSWALK_CROSS_PROTOCOL = True`.
A value of the wrong type refuses the plugin (`BadDeclaration`).
"""

FAILURES = """\
## What counts as a failure

Each is a `PluginFailure` (its fields in [records.md](records.md)), named by the plugin's
entry-point name and its pip package, listed by `classwalk plugins` (exit 1), shown in one
notice in the terminal UI and one warning line under reports and exports.

| `error_type` | when | the answer |
| --- | --- | --- |
| the exception's class name | the module or a hook raised anything, `SystemExit`, `KeyboardInterrupt` and `GeneratorExit` included (the user's own Ctrl+C still stops the program) | dropped (a module that fails to import is not loaded) |
| `WrongResult` | an answer of the wrong type or shape (the check in the table above) | dropped |
| `OutOfScope` | an answer for a protocol the plugin neither registers nor extends | dropped |
| `DuplicateId` | a `Pattern` whose id classwalk or another table already uses | that table dropped |
| `WroteOutput` | the module or a hook printed to stdout or stderr (captured, never shown in output) | kept |
| `WrapperHook` | a hook marked `hookwrapper=True` or `wrapper=True` | the plugin is not loaded |
| `BadDeclaration` | `CLASSWALK_EXTENDS` or `CLASSWALK_CROSS_PROTOCOL` of the wrong type | the plugin is not loaded |
| `IncompatibleHookAPI` | `CLASSWALK_HOOK_API` newer than classwalk's | the plugin is not loaded |

`classwalk plugins --check` (and `classwalk.testing.check_plugins` in a plugin's tests)
calls every hook of every plugin on sample walks of every protocol, so each of these shows
before an observer meets it.
"""


def _first_paragraph(text: str | None) -> str:
    return " ".join((inspect.cleandoc(text or "").split("\n\n")[0]).split())


def signature_text(function, name: str | None = None) -> str:
    """``name(arg: type = default, *, ...) -> type`` with annotations as written."""
    signature = inspect.signature(function)
    parts = []
    keyword_only = False
    for parameter in signature.parameters.values():
        if parameter.name == "self":
            continue
        if parameter.kind is parameter.KEYWORD_ONLY and not keyword_only:
            parts.append("*")
            keyword_only = True
        prefix = "*" if parameter.kind is parameter.VAR_POSITIONAL else "**" if parameter.kind is parameter.VAR_KEYWORD else ""
        text = prefix + parameter.name
        if parameter.annotation is not parameter.empty:
            text += f": {parameter.annotation}"
        if parameter.default is not parameter.empty:
            text += f" = {parameter.default!r}"
        parts.append(text)
    returns = "" if signature.return_annotation is signature.empty else f" -> {signature.return_annotation}"
    return f"{name or function.__name__}({', '.join(parts)}){returns}"


def _result_type(hook) -> str:
    kind = hook.result_type
    if kind is type(None):
        return "`None`"
    if hasattr(kind, "__args__"):
        return f"`{kind.__origin__.__name__}[{', '.join(arg.__name__ for arg in kind.__args__)}]`"
    return f"`{kind.__name__}`"


def _hook_table(hooks) -> str:
    rows = ["| hook | result type | answers are | called | shows in |", "| --- | --- | --- | --- | --- |"]
    for hook in hooks.values():
        rows.append(f"| [`{hook.name}`](#{hook.name}) | {_result_type(hook)} | "
                    f"{'first wins' if hook.first_wins else 'all used'} | {hook.when} | {hook.shows} |")
    return "## The hooks\n\n" + "\n".join(rows)


def _hook_section(hook) -> str:
    arguments = "\n".join(f"- `{name}`: {what}" for name, what in hook.arguments)
    scope = ("Receives the protocol it is asked about and answers only for its own (see the declarations "
             "below); `None` means \"not mine\"." if hook.per_protocol else "Called for every plugin.")
    return (f"### {hook.name}\n\n`{hook.name}({', '.join(hook.argument_names)})` — {hook.summary}\n\n"
            f"Arguments:\n\n{arguments}\n\n"
            f"- A good answer: {hook.result}. Type: {_result_type(hook)}.\n"
            f"- Answers are: {'the first good answer wins' if hook.first_wins else 'every good answer is used'}.\n"
            f"- Called: {hook.when}.\n"
            f"- Shows in: {hook.shows}.\n"
            f"- {scope}")


def _name_entry(module, name: str) -> str:
    value = getattr(module, name)
    if inspect.isclass(value):
        origin = f"{value.__module__}.{value.__qualname__}"
        import attrs

        fields = " Its fields are in [records.md](records.md)." if attrs.has(value) else ""
        return f"- `{name}` (class): {_first_paragraph(value.__doc__)}{fields} <!-- {origin} -->"
    if inspect.isfunction(value):
        return f"- `{signature_text(value, name)}`: {_first_paragraph(value.__doc__)}"
    if name == "hookimpl":
        return ("- `hookimpl`: the marker for hook implementations, `@hookimpl`, "
                "`@hookimpl(tryfirst=True)` or `@hookimpl(trylast=True)` (wrappers are refused).")
    if name == "HOOK_API":
        return f"- `HOOK_API` = {value}: the version of the hooks."
    if name == "HOOKS":
        return "- `HOOKS`: every hook's `HookSpec` by name (what this page's hook sections are made from)."
    return f"- `{name}`"


def _kit() -> str:
    from classwalk import testing
    from classwalk.core.registry import ProtocolRegistry

    helpers = [testing.record_walk, testing.pattern, testing.rows_by_label, testing.assert_no_plugin_failures,
               testing.check_plugins, testing.assert_plugins_pass_check]
    parts = ["## The test kit: `classwalk.testing`",
             _first_paragraph(testing.__doc__) + " Marker: `@pytest.mark.classwalk_plugins(*names, "
             "builtins=True)`.",
             "### Fixtures",
             f"- `classwalk_db`: {_first_paragraph(testing.classwalk_db.__wrapped__.__doc__ if hasattr(testing.classwalk_db, '__wrapped__') else testing.classwalk_db.__doc__)}",
             f"- `classwalk_plugin_names`: {_first_paragraph(getattr(testing.classwalk_plugin_names, '__wrapped__', testing.classwalk_plugin_names).__doc__)}",
             "### Helpers"]
    from classwalk.api import Classwalk

    for helper in helpers:
        parts.append(f"#### `{signature_text(helper)}`\n\n{inspect.getdoc(helper)}")
        if helper is testing.record_walk:
            parts.append(f"A note given as a dict takes the arguments of "
                         f"`{signature_text(Classwalk.record, 'Classwalk.record')}`:\n\n{inspect.getdoc(Classwalk.record)}")
    parts.append("### `classwalk_db.protocols`: the protocols of the run")
    parts.append("A `ProtocolRegistry`; iterate it for every protocol entry (`.protocol`, `.source`, `.plugin`).")
    for name in ("get", "find"):
        method = getattr(ProtocolRegistry, name)
        parts.append(f"- `protocols.{signature_text(method, name)}`: {_first_paragraph(method.__doc__) or 'the protocol with this id, or None.'}")
    parts.append("Everything else of `classwalk_db` is the Python API: [python-api.md](python-api.md).")
    return "\n\n".join(parts)


def generate_plugin_reference() -> str:
    import classwalk.plugin as plugin
    from classwalk.core.plugins.hookspecs import HOOK_API, HOOKS

    parts = [INTRO.replace("{api}", str(HOOK_API)), _hook_table(HOOKS)]
    parts.extend(_hook_section(hook) for hook in HOOKS.values())
    parts.append(DECLARATIONS)
    parts.append(FAILURES)
    parts.append("## The names of `classwalk.plugin`\n\n" + "\n".join(_name_entry(plugin, name) for name in plugin.__all__))
    parts.append(_kit())
    return "\n\n".join(part.rstrip() for part in parts) + "\n"
