"""How records are shown outside the program: exports, Markdown and CSV rendering, labels, local time, anonymising."""
