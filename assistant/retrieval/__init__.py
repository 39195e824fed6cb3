"""Find: the corpus as the assistant sees it, which policy a question names, hybrid search
(MiniLM in Chroma + BM25), and which passages an answer quotes."""
