"""Noise scale and privacy loss, computed by OpenDP (calibration and composition, not sampling).

OpenDP samples with its own cryptographic RNG, which cannot be seeded; answers must repeat exactly,
so guards/privacy/noise.py draws the noise from a keyed hash instead, from the same Laplace
distribution at the scale OpenDP finds here. OpenDP also composes the per-value losses into the
epsilon a query spends (basic composition of pure-DP measurements).
"""

from __future__ import annotations

import math
from functools import cache

# the modules themselves, not `opendp.prelude`, which imports scikit-learn (about 1 s per process)
from opendp.combinators import make_composition
from opendp.domains import atom_domain
from opendp.measurements import make_laplace
from opendp.metrics import absolute_distance
from opendp.mod import Measurement, enable_features

enable_features("contrib")


def _laplace(scale: float) -> Measurement:
    return make_laplace(atom_domain(T=float, nan=False), absolute_distance(T=float), scale=scale)


@cache
def laplace_scale(sensitivity: float, epsilon: float) -> float:
    """The smallest Laplace scale whose release of a value with this sensitivity is epsilon-DP:
    sensitivity / epsilon, nudged up until OpenDP's (conservatively rounded) map agrees."""
    scale = float(sensitivity) / float(epsilon)
    while _laplace(scale).map(float(sensitivity)) > epsilon:
        scale = math.nextafter(scale, math.inf) * (1 + 1e-12)
    return scale


@cache
def composed_epsilon(scales: tuple[float, ...], sensitivities: tuple[float, ...]) -> float:
    """The privacy loss of releasing every value of one query (each with its own scale)."""
    unit = [_laplace(scale / sensitivity) for scale, sensitivity in zip(scales, sensitivities, strict=True)]
    return float(make_composition(unit).map(1.0)) if unit else 0.0


def half_width(scale: float, confidence: float) -> float:
    """Laplace noise stays within ± this with the given probability: b * ln(1 / (1 - confidence))."""
    return scale * math.log(1.0 / (1.0 - confidence))
