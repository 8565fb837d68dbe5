"""Authors' and teachers' tools: student copies, Colab cells, notebook execution, grading.

Learners never import this subpackage. It needs ``nbformat`` and ``nbclient``, which the
``authoring`` extra installs (``pip install -e ".[authoring]"``; the ``dev`` extra includes it).

Command line: ``python -m dlcourse student|colab|grade ...`` (see ``python -m dlcourse --help``).
"""
