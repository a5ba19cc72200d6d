"""A simulated day of a partner's fleet against the mock with Contio's WAF rule (issue 21).

`day` holds the simulated day's clock and schedule, `worker` one process of the fleet (or the
faulty one), `run` starts everything and sums up; `scripts/fleet-sim` is the command.
"""
