"""Migration review: statements (pglast), risk rules, findings, verdicts and reporters."""
