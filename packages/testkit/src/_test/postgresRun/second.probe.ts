import { test } from 'vitest'
import { probe } from './probe'

test('second probe', () => probe('second'), 600_000)
