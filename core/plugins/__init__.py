"""The plugin kernel: loading plugins, the hooks they implement, and running them guarded."""
