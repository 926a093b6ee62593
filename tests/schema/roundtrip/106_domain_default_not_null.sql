-- domain default and NOT NULL
--- a
create domain code as text;
--- b
create domain code as text default 'x' not null;
