"""netlog: a professional-network log for medical trainees."""

__version__ = "0.1.0"
