"""The rule book of one content entry, shared by the content checks (`make check`, the build) and the
web editor's form (plugins/admin_cms/form_rules.py exports it to formes.json): no plugin imports
another plugin's internals for it, and the form never holds a second, hand-written list.

- frontmatter.py: reading a content file (YAML front matter, body, lines of each field);
- schema.py (with placeholders.py, taxonomies.py): the JSON Schema of the front matter and `validate`;
- canonical.py: the one written form of a content file (`make format`, the editor's format);
- markup.py: the allow-list of a body's HTML, its refusals and nh3 cleaning (plugins/content_sanitize);
- nesting.py: the nesting limits checked before Markdown (plugins/content_schema/render.py);
- headings.py: the body's headings and the rule on headings the template writes itself;
- sources.py, penalties.py: the fact base's rules on sources and on « jusqu’à N ans »;
- contacts.py: the JSON Schema and field help of one entry of content/data/contacts.yaml;
- contact_checks.py (with geo.py, départements and communes): the checks of one contact;
- references.py: the messages of an unknown contact id and of a page slug naming no page.
"""
