"""The tiered instructional learning walk: one slice of learning, scaffolds and student interviews."""
