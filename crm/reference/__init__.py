"""Reference data the records are checked against: countries (ISO 3166-1), China's
administrative divisions (祖籍) and the controlled vocabulary of fields of expertise.

Pure lookups over packaged tables: no GraphQL, no database, nothing read at run time
from the network. The write path (`crm.resolvers`), the importer and the demo all go
through these, so the API, a file and the seed agree on one spelling of each value.
"""
