-- domain constraint changes
--- a
create domain posint as int constraint posint_check check (value > 0);
--- b
create domain posint as int constraint posint_check check (value >= 0);
