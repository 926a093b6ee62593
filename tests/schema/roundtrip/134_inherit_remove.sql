-- NO INHERIT
--- a
create table base (id int);
create table child (id int, extra text) inherits (base);
--- b
create table base (id int);
create table child (id int, extra text);
