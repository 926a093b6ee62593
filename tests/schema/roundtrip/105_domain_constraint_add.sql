-- domain gets a constraint
--- a
create domain posint as int;
--- b
create domain posint as int constraint posint_check check (value > 0);
