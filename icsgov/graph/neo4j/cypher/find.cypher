// Entities whose id, name, title, alias or code value is the text, ignoring case.
// Parameters: $forms (the text lower-cased, and case-folded: ['gloucestershire']),
// $unusual (a regular expression matching text with non-ASCII characters, whose
// case rules differ between Cypher and Python; icsgov re-checks those candidates).
// Example: :param forms => ['qjk'], :param unusual => '(?s).*[^\\x00-\\x7F].*'
MATCH (n:IcsgovEntity)
WHERE any(x IN [n.id, n.name, n.title] + coalesce(n.aliases, [])
          WHERE toLower(x) IN $forms OR x =~ $unusual)
   OR any(code IN coalesce(n.codes, [])
          WHERE any(form IN $forms WHERE toLower(code) ENDS WITH ':' + form)
             OR code =~ $unusual)
RETURN labels(n) AS labels, properties(n) AS props
ORDER BY n.id
