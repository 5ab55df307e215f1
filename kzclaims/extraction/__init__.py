"""Claim extraction: quoted, fragmentary and reported claims in article text, their speakers and
the outlet's framing, found with spaCy and rules kept in lexicons/.

Entry points: `pipeline.get_nlp()`, `pipeline.extract(doc_or_text)` / `pipeline.analyse(doc)`
for plain results, `store.extract_article(article)` / `store.extract_articles(articles)` to
write them to the database."""
