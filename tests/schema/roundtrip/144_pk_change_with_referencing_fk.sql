-- a primary key changes while another table's foreign key references it
--- a
create table parent (id int, code text, constraint parent_pkey primary key (id));
create table child (id int primary key, pid int constraint child_pid_fkey references parent(id));
insert into parent values (1, 'a');
insert into child values (1, 1);
--- b
create table parent (id int, code text, constraint parent_pkey primary key (id) include (code));
create table child (id int primary key, pid int constraint child_pid_fkey references parent(id));
