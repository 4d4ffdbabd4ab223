"""Pretrained encoders the classifiers build on (converted from packages, never downloaded)."""
