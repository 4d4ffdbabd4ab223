"""Indonesian social-media text: normalisation with a map to the raw text, language tags, target resolution
from an election config, target masking, and the regex helpers they share."""
