"""Pure rules shared by the desktop and the county server: no Qt, no ORM, no I/O beyond resources."""
