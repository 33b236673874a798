"""The self-assessment questionnaire: what evidence a pack's rules read, asked of the user.

It sits above evidence and rules (docs/architecture.md): it reads both, and neither reads it.
"""
