"""挂职干部风采: turn posted cadres' profiles into a browsable, searchable site."""

__version__ = "0.1.0"
