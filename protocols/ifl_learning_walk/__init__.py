"""The IFL learning walk: a team, a shared focus, hallway talk and an equity-minded debrief."""
