"""Small helpers shared by the plugins and the tools, one of each: French dates (dates.py), atomic
writes (files.py), log capture (logs.py), reading content/data/taxonomies.yaml (data.py), YAML
errors in French (yaml_errors.py), YAML as editors write it (yaml_text.py), typed settings
(settings.py), the page's record, the one content model every plugin reads (record.py), and the
rule book of one entry shared by the content checks and the web editor's form (rules/).

Not a plugin (Pelican never loads it) and it imports no plugin: any plugin may import it, so no
plugin has to import another plugin's internals for one of these.
"""
