import { test } from 'vitest'
import { probe } from './probe'

test('first probe', () => probe('first'), 600_000)
