// Every icsgov id (icsgov uses them to suggest the closest id to a mistyped one).
MATCH (n:IcsgovEntity)
RETURN n.id AS id
