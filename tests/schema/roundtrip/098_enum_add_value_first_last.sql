-- enum values added first and last
--- a
create type mood as enum ('happy', 'sad');
--- b
create type mood as enum ('ecstatic', 'happy', 'sad', 'furious');
