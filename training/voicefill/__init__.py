"""Voicefill training package: corpus, features, model, training, export."""
