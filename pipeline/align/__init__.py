"""Parallel-language alignment: segmentation into sentences, aligners, ``standOff`` links.

``segment`` splits paragraphs into sentences per language (ICU plus rules for the
abbreviations and initials of diplomatic texts).
"""
