-- a renamed table is dropped and created
--- a
create table old_t (id int primary key, v text);
--- b
create table new_t (id int primary key, v text);
