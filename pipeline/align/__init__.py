"""Parallel-language alignment (segmentation into ``s``, aligners, ``standOff`` links).

Not built yet: the alignment issue adds it. The package exists so that the layout of
DESIGN.md holds from the start; nothing here is called by the pipeline today.
"""
