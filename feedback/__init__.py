"""Customer feedback: redaction, embeddings, Chroma index and pain points."""
